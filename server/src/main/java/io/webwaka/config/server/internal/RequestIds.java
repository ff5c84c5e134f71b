package io.webwaka.config.server.internal;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Every request gets an id: the caller's {@code X-Request-Id} if it is sane, else a new one. */
public final class RequestIds {
    /** The header that carries the request id both ways. */
    public static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = "wakacfg.requestId";
    // Cheap, unique per process and distinguishable across restarts: no SecureRandom per request.
    private static final String PREFIX = Long.toString(System.currentTimeMillis(), 36) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    /** Assigns the request id and echoes it in the response. */
    public static void assign(Context ctx) {
        String id = sanitise(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The caller's request id if it is sane, else a new one. */
    public static String sanitise(String given) {
        return given != null && SANE.matcher(given).matches() ? given : PREFIX + COUNTER.incrementAndGet();
    }

    /** The request's id. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
