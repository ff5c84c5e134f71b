package io.webwaka.config.server.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error a handler reports to the client, rendered as {@code application/problem+json} (RFC
 * 9457) by {@link Problems}. Thrown by handlers and services; never means that something was
 * written.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One offending field of a request, for validation errors. */
    public record FieldError(String field, String message) {}

    private final int status;
    private final String title;
    private final transient List<FieldError> errors;
    private final transient Map<String, Object> extensions;

    private ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, Object> ext) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(ext);
    }

    /** 400: the request could not be read (malformed JSON, bad parameter). */
    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail, List.of(), Map.of());
    }

    /** 401: no valid credentials. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, List.of(), Map.of());
    }

    /** 403: valid credentials without the permission. */
    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, List.of(), Map.of());
    }

    /** 403 naming the permission that was missing (as {@code missingPermission}). */
    public static ApiException forbiddenPermission(String detail, String permission) {
        return new ApiException(403, "Forbidden", detail, List.of(), Map.of("missingPermission", permission));
    }

    /** 500: stored data failed an integrity check (a tampered or moved ciphertext); nothing is served. */
    public static ApiException integrity(String detail) {
        return new ApiException(500, "Integrity check failed", detail, List.of(), Map.of());
    }

    /**
     * 502: a system the server called on the client's behalf (a rotation target, a webhook) failed;
     * the request changed nothing.
     */
    public static ApiException badGateway(String detail) {
        return new ApiException(502, "Bad gateway", detail, List.of(), Map.of());
    }

    /** 404: the target does not exist. */
    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, List.of(), Map.of());
    }

    /** 409: a conflict with the current state. */
    public static ApiException conflict(String detail, Map<String, Object> extensions) {
        return new ApiException(409, "Conflict", detail, List.of(), extensions);
    }

    /** 413: the body is larger than allowed. */
    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Content too large", detail, List.of(), Map.of());
    }

    /** 429: too many attempts; retry after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(
                429, "Too many requests", detail, List.of(), Map.of("retryAfterSeconds", retryAfterSeconds));
    }

    /** 503: the server cannot serve this now (e.g. it is stopping); retry after {@code retryAfterSeconds}. */
    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(
                503, "Service unavailable", detail, List.of(), Map.of("retryAfterSeconds", retryAfterSeconds));
    }

    /** 422: the request was readable but invalid; lists every offending field. */
    public static ApiException invalid(String detail, List<FieldError> errors) {
        return new ApiException(422, "Validation failed", detail, errors, Map.of());
    }

    /** 422 with a single offending field. */
    public static ApiException invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The short, human-readable summary of the problem type. */
    public String title() {
        return title;
    }

    /** The offending fields (may be empty). */
    public List<FieldError> errors() {
        return errors;
    }

    /** Extra members of the problem document (e.g. {@code currentRevision}). */
    public Map<String, Object> extensions() {
        return Map.copyOf(extensions);
    }
}
