package io.webwaka.config.sdk;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells the server every heartbeat interval (30 s by default) which instance runs here and what it
 * applied: {@code POST /api/v1/client/heartbeat {"instanceId","host","appName","appVersion",
 * "sdkVersion","revision","contentHash"}}. Runs on the shared timer; failures are logged at DEBUG
 * only (the refresh log already says when the server is unreachable). Thread-safe.
 */
final class HeartbeatSender {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());

    private final Settings settings;
    private final HttpClient http;
    private final AtomicReference<Loaded> current;
    private final String host = hostName();

    HeartbeatSender(Settings settings, HttpClient http, AtomicReference<Loaded> current) {
        this.settings = settings;
        this.http = http;
        this.current = current;
    }

    void start(ScheduledExecutorService timer) {
        long every = settings.delivery().heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sendSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void sendSafely() {
        try {
            HttpResponse<Void> r = http.send(request(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 300) {
                LOG.log(Level.DEBUG, "heartbeat answered HTTP {0}", r.statusCode());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "heartbeat failed: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    HttpRequest request() throws IOException {
        return HttpRequest.newBuilder(settings.delivery().heartbeatUri())
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.sdkKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "wakacfg-java-sdk")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body())))
                .build();
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        Loaded loaded = current.get();
        body.put("instanceId", settings.delivery().instanceId());
        body.put("host", host);
        settings.app().ifPresent(app -> body.put("appName", app));
        if (settings.delivery().appVersion() != null) {
            body.put("appVersion", settings.delivery().appVersion());
        }
        body.put("sdkVersion", WakaConfig.SDK_VERSION);
        body.put("revision", loaded == null ? 0 : loaded.snapshot().revision());
        body.put("contentHash", loaded == null ? "" : loaded.snapshot().contentHash());
        return body;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() > 200 ? name.substring(0, 200) : name;
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
