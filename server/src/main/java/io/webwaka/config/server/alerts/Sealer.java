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
 * as data keys are wrapped: the blob and its master key version are stored, nothing in the clear.
 * A master key rotation re-wraps them with the data keys ({@code SecretBox#rewrapAll}), and a
 * version still sealing a webhook cannot be retired. Thread-safe.
 */
final class Sealer {
    private final MasterKey key;

    /** A URL and secret opened from storage. */
    record Opened(String url, String secret) {}

    Sealer(MasterKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    MasterKey.Wrapped seal(String url, String secret) {
        ObjectNode plain = Json.object();
        plain.put("url", url);
        if (secret != null) {
            plain.put("secret", secret);
        }
        return key.wrap(Json.write(plain).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws SecretException if the master key version is gone or the blob does not authenticate */
    Opened open(int kek, String blob) {
        byte[] plain = key.unwrap(kek, blob);
        JsonNode p = Json.parseStored(new String(plain, StandardCharsets.UTF_8));
        return new Opened(
                p.path("url").asText(), p.hasNonNull("secret") ? p.get("secret").asText() : null);
    }
}
