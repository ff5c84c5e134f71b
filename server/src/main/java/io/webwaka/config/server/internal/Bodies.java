package io.webwaka.config.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies under the configured size limit, chunked or not. */
public final class Bodies {
    private static final String LIMIT_ATTRIBUTE = "wakacfg.maxBodyBytes";

    private Bodies() {}

    /** Records the body limit for this request (done once per request by the server). */
    public static void limit(Context ctx, long maxBytes) {
        ctx.attribute(LIMIT_ATTRIBUTE, maxBytes);
    }

    /**
     * The whole body.
     *
     * @throws ApiException 413 if it is larger than the limit
     */
    public static byte[] read(Context ctx) {
        Long limitAttribute = ctx.attribute(LIMIT_ATTRIBUTE);
        long limit = limitAttribute == null ? 1 << 20 : limitAttribute;
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] data = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (data.length > limit) {
                throw tooLarge(limit);
            }
            return data;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    private static ApiException tooLarge(long limit) {
        return ApiException.tooLarge("the request body is larger than the limit of " + limit
                + " bytes; split the change into smaller change sets or raise --max-body-bytes");
    }
}
