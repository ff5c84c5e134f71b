package io.webwaka.config.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * One HTTP response as a test sees it: the status, the headers and the body (raw and parsed).
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body as text (empty when there is none)
 */
record HttpResult(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The body parsed as JSON; fails the test with the raw body if it is not JSON. */
    JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the body is not JSON (status " + status + "): " + body, e);
        }
    }

    /** A header's first value, if present. */
    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The {@code Content-Type} header, or empty text. */
    String contentType() {
        return header("Content-Type").orElse("");
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
