package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook} rotator: POSTs a signed request to a URL that answers with the new value.
 *
 * <p>Request: {@code POST url}, {@code Content-Type: application/json}, body {@code {"project",
 * "environment","key","currentVersion","rotationId","requestedAt"}}; headers {@code
 * X-Wakacfg-Rotation-Id} (the same for every retry of one new version, so the receiver can answer a
 * retry with the value it already issued), {@code X-Wakacfg-Timestamp} (epoch seconds) and {@code
 * X-Wakacfg-Signature: v1=<hex HMAC-SHA256(signing secret, timestamp + "." + body)>}. Answer: any
 * 2xx with a JSON object whose {@code "value"} is a non-empty string up to 64 KiB. Redirects are not
 * followed; the call times out after 30 s. The answer's body never appears in an error.
 *
 * @param url where to POST (http or https)
 * @param signingSecret the key of the secret (same environment) whose value signs the request
 */
record WebhookRotator(URI url, String signingSecret) implements Rotator {
    static final String TYPE = "webhook";
    static final int MAX_VALUE = 64 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("type", TYPE);
        o.put("url", url.toString());
        o.put("signingSecret", signingSecret);
        return o;
    }

    /** Why {@code text} is not an acceptable webhook URL, if it is not. */
    static Optional<String> urlProblem(String text) {
        try {
            URI u = new URI(text);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                return Optional.of("\"url\" must be an absolute http or https URL");
            }
            if (u.getUserInfo() != null) {
                return Optional.of("\"url\" must not carry credentials; the request is signed with \"signingSecret\"");
            }
            return Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.of("\"url\" is not a valid URL: " + e.getReason());
        }
    }

    @Override
    public String newValue(Attempt attempt) {
        ObjectNode body = Json.object();
        body.put("project", attempt.project());
        body.put("environment", attempt.environment());
        body.put("key", attempt.key());
        body.put("currentVersion", attempt.currentVersion());
        body.put("rotationId", attempt.rotationId());
        body.put("requestedAt", attempt.at().toString());
        String text = Json.write(body);
        String timestamp = Long.toString(attempt.at().getEpochSecond());
        String signature = sign(attempt.secrets().read(signingSecret), timestamp + "." + text);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Wakacfg-Rotation-Id", attempt.rotationId())
                .header("X-Wakacfg-Timestamp", timestamp)
                .header("X-Wakacfg-Signature", "v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RotationException("the webhook " + url + " could not be reached: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotationException("the call to the webhook " + url + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RotationException("the webhook " + url + " answered HTTP " + response.statusCode());
        }
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(response.body()).path("value");
        } catch (IOException e) {
            throw new RotationException("the webhook " + url + " answered with a body that is not JSON");
        }
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_VALUE) {
            throw new RotationException(
                    "the webhook " + url + " answered without a \"value\" string (1 to " + MAX_VALUE + " characters)");
        }
        return value.asText();
    }

    /** The request signature: lower-case hex HMAC-SHA256 of {@code payload} under {@code key}. */
    static String sign(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
