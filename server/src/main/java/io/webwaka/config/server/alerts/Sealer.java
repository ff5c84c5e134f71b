package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.MasterKey;
import io.webwaka.config.server.secrets.SecretException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Seals a webhook's URL and secret (signing secret or PagerDuty routing key) with the master key,
 * as data keys are wrapped: {@code {"kek": version, "blob": …}}. Nothing of either is stored in the
 * clear. A master key rotation leaves these wrapped by the older version, which stays readable
 * until it is retired; re-saving the webhook re-wraps it. Thread-safe.
 */
final class Sealer {
    private final MasterKey key;

    /** A URL and secret opened from storage. */
    record Opened(String url, String secret) {}

    Sealer(MasterKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    String seal(String url, String secret) {
        ObjectNode plain = Json.object();
        plain.put("url", url);
        if (secret != null) {
            plain.put("secret", secret);
        }
        MasterKey.Wrapped w = key.wrap(Json.write(plain).getBytes(StandardCharsets.UTF_8));
        ObjectNode o = Json.object();
        o.put("kek", w.version());
        o.put("blob", w.blob());
        return Json.write(o);
    }

    /** @throws SecretException if the master key version is gone or the blob does not authenticate */
    Opened open(String sealed) {
        JsonNode o = Json.parseStored(sealed);
        byte[] plain = key.unwrap(o.path("kek").asInt(), o.path("blob").asText());
        JsonNode p = Json.parseStored(new String(plain, StandardCharsets.UTF_8));
        return new Opened(
                p.path("url").asText(), p.hasNonNull("secret") ? p.get("secret").asText() : null);
    }
}
