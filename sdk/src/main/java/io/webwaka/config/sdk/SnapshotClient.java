package io.webwaka.config.sdk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Fetches the snapshot of the client API with one conditional GET. Never throws: every outcome,
 * including a network failure, is a {@link FetchResult}. Thread-safe (the JDK client is).
 */
final class SnapshotClient {
    private static final int MAX_DETAIL_LENGTH = 300;

    private final HttpClient http;
    private final Settings settings;

    SnapshotClient(Settings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /** The HTTP client the SDK shares between snapshot fetches and metrics reports. */
    static HttpClient httpClient(Settings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Asks for the snapshot.
     *
     * @param etag the entity tag of the snapshot we hold, or null if we hold none
     */
    FetchResult fetch(String etag) {
        try {
            return interpret(http.send(request(etag), HttpResponse.BodyHandlers.ofString()));
        } catch (HttpTimeoutException e) {
            return new FetchResult.Failed(
                    "no answer within " + settings.requestTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return new FetchResult.Failed(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FetchResult.Failed("interrupted");
        }
    }

    private HttpRequest request(String etag) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.snapshotUri())
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.sdkKey())
                .header("Accept", "application/json")
                .header("User-Agent", "wakacfg-java-sdk")
                .GET();
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        return builder.build();
    }

    private static FetchResult interpret(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            return parse(response);
        }
        if (status == 304) {
            return new FetchResult.NotModified();
        }
        if (status == 401 || status == 403) {
            return new FetchResult.Rejected(status, problemDetail(response.body()));
        }
        return new FetchResult.Failed("HTTP " + status + detailSuffix(response.body()));
    }

    private static FetchResult parse(HttpResponse<String> response) {
        try {
            ParsedSnapshot snapshot = SnapshotJson.parse(response.body());
            String etag = response.headers()
                    .firstValue("ETag")
                    .orElse(snapshot.snapshot().etag());
            return new FetchResult.Fetched(snapshot, etag);
        } catch (SnapshotFormatException e) {
            return new FetchResult.Failed("malformed snapshot: " + e.getMessage());
        }
    }

    /** The {@code detail} (else {@code title}) of a problem document, else the start of the body. */
    static String problemDetail(String body) {
        try {
            Object problem = SnapshotJson.readSingleValue(body);
            if (problem instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) problem;
                Object detail = map.get("detail") instanceof String ? map.get("detail") : map.get("title");
                if (detail instanceof String) {
                    return truncate((String) detail);
                }
            }
        } catch (SnapshotFormatException e) {
            // not JSON: fall back to the raw text below
        }
        return truncate(body.strip());
    }

    private static String detailSuffix(String body) {
        String detail = problemDetail(body);
        return detail.isEmpty() ? "" : ": " + detail;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH) + "…";
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + SnapshotJson.firstLine(message);
    }
}
