package io.webwaka.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A small client of the admin API ({@code /api/v1/…}) over {@link HttpClient}, JSON through Jackson.
 * Any answer outside 2xx becomes a {@link CliException} carrying the server's problem detail and
 * errors. Thread-safe.
 */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and body (a missing node when empty). */
    record Response(int status, JsonNode body) {}

    private final String baseUrl;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    AdminClient(String baseUrl, String token) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
        this.token = Objects.requireNonNull(token, "token");
    }

    static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET; a 404 is returned, not thrown, so callers can tell "absent". */
    Response get(String path) {
        Response r = send("GET", path, null);
        if (r.status() != 404) {
            check("GET", path, r);
        }
        return r;
    }

    /** A method with a JSON body; throws unless 2xx. */
    JsonNode call(String method, String path, Object body) {
        Response r = send(method, path, body);
        check(method, path, r);
        return r.body();
    }

    private Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = r.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(r.body());
            return new Response(r.statusCode(), json);
        } catch (IOException e) {
            throw new CliException("cannot reach " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static void check(String method, String path, Response r) {
        if (r.status() / 100 == 2) {
            return;
        }
        StringBuilder sb = new StringBuilder(method + " " + path + " failed with " + r.status());
        String detail = r.body().path("detail").asText("");
        if (!detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        r.body()
                .path("errors")
                .forEach(e -> sb.append("\n  ")
                        .append(e.path("field").asText())
                        .append(": ")
                        .append(e.path("message").asText()));
        throw new CliException(sb.toString());
    }
}
