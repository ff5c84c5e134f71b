package io.webwaka.config.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The server's one JSON mapper and the request-body helpers around it. Thread-safe. */
public final class Json {
    /** The shared mapper: strict about duplicates, trailing tokens and nesting depth. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text stored by the server itself (never fails on valid stored data). */
    public static JsonNode parseStored(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** The compact JSON text of a node. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The compact JSON bytes of a value. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The request body as a JSON object.
     *
     * @throws ApiException 400 if the body is empty, malformed or not an object; 413 if too large
     */
    public static ObjectNode bodyObject(Context ctx) {
        byte[] body = Bodies.read(ctx);
        if (body.length == 0) {
            throw ApiException.badRequest("the request needs a JSON object body");
        }
        return parseObject(body);
    }

    /** The request body as a JSON object, or an empty object when there is no body. */
    public static ObjectNode bodyObjectOrEmpty(Context ctx) {
        byte[] body = Bodies.read(ctx);
        return body.length == 0 ? object() : parseObject(body);
    }

    private static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("the body is nested too deeply or too large to read: " + e.getMessage());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object, e.g. {\"value\": 42}");
        }
        return (ObjectNode) node;
    }
}
