package io.webwaka.config.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vault-transit} master key: data keys are wrapped and unwrapped by a HashiCorp Vault
 * Transit key, which never leaves Vault. The calls, over {@link HttpClient} with the token in {@code
 * X-Vault-Token} (and {@code X-Vault-Namespace} when set):
 *
 * <ul>
 *   <li>{@code GET /v1/<mount>/keys/<name>}: the key's versions ({@code latest_version}, {@code
 *       min_decryption_version}) at start and on {@link #refresh};
 *   <li>{@code POST /v1/<mount>/encrypt/<name>} {@code {"plaintext":"<base64>"}} → {@code
 *       data.ciphertext} {@code "vault:v<N>:…"}: wrapping (always with the latest version);
 *   <li>{@code POST /v1/<mount>/decrypt/<name>} {@code {"ciphertext":"vault:v<N>:…"}} → {@code
 *       data.plaintext} (base64): unwrapping;
 *   <li>{@code POST /v1/<mount>/keys/<name>/rotate}: a new key version ({@code POST /api/v1/keys/rotate},
 *       {@code wakacfg keys rotate}), then the data keys are re-wrapped with it;
 *   <li>with AppRole: {@code POST /v1/auth/<approle mount>/login} {@code {"role_id","secret_id"}} →
 *       {@code auth.client_token}, at start and again when Vault answers 403 (an expired token).
 * </ul>
 *
 * <p>Versions are Vault's key versions, so a wrapped blob's version is the {@code vN} of its
 * ciphertext. Retiring a version here only marks it in the store: to stop Vault from decrypting with
 * it, raise the key's {@code min_decryption_version} in Vault. Thread-safe.
 */
public final class VaultTransitKey implements MasterKey {
    /** The source name of this master key. */
    public static final String SOURCE = "vault-transit";

    private static final Logger LOG = LoggerFactory.getLogger(VaultTransitKey.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final VaultSettings settings;
    private final HttpClient http;
    private volatile String token;
    private volatile List<Integer> versions = List.of();

    private VaultTransitKey(VaultSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = settings.token();
    }

    /**
     * Logs in (AppRole, if no token is given) and reads the key's versions.
     *
     * @throws SecretException if Vault cannot be reached, refuses, or has no such key
     */
    public static VaultTransitKey connect(VaultSettings settings) {
        VaultTransitKey key = new VaultTransitKey(settings);
        if (key.token.isEmpty()) {
            key.login();
        }
        key.refresh();
        return key;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public List<Integer> versions() {
        return versions;
    }

    @Override
    public Wrapped wrap(byte[] plaintext) {
        ObjectNode body = Json.object();
        body.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        String ciphertext = call("POST", transit("encrypt/"), body)
                .path("data")
                .path("ciphertext")
                .asText("");
        int version = versionOf(ciphertext);
        if (version < 1) {
            throw new SecretException("Vault answered the encryption with no vault:v<N>: ciphertext");
        }
        if (!versions.contains(version)) {
            refresh();
        }
        return new Wrapped(version, ciphertext);
    }

    @Override
    public byte[] unwrap(int version, String blob) {
        if (versionOf(blob) != version) {
            throw new SecretException("the wrapped key is not a Vault ciphertext of key version " + version);
        }
        ObjectNode body = Json.object();
        body.put("ciphertext", blob);
        String plaintext = call("POST", transit("decrypt/"), body)
                .path("data")
                .path("plaintext")
                .asText("");
        try {
            return Base64.getDecoder().decode(plaintext);
        } catch (IllegalArgumentException e) {
            throw new SecretException("Vault answered the decryption with a plaintext that is not base64");
        }
    }

    @Override
    public synchronized int rotate() {
        call("POST", transit("keys/") + "/rotate", Json.object());
        refresh();
        return currentVersion();
    }

    @Override
    public void retire(int version) {
        LOG.info(
                "master key version {} is retired in the store; Vault still holds it: raise min_decryption_version of"
                        + " transit key {} in Vault to stop it decrypting",
                version,
                settings.keyName());
    }

    @Override
    public synchronized void refresh() {
        JsonNode data = call("GET", transit("keys/"), null).path("data");
        int latest = data.path("latest_version").asInt(0);
        int min = Math.max(1, data.path("min_decryption_version").asInt(1));
        if (latest < 1) {
            throw new SecretException("Vault's transit key " + settings.keyName() + " reports no version");
        }
        List<Integer> list = new ArrayList<>();
        for (int v = min; v <= latest; v++) {
            list.add(v);
        }
        versions = List.copyOf(list);
    }

    /** The key version of a {@code vault:v<N>:…} ciphertext, or 0. */
    static int versionOf(String ciphertext) {
        if (ciphertext == null || !ciphertext.startsWith("vault:v")) {
            return 0;
        }
        int end = ciphertext.indexOf(':', 7);
        try {
            return end < 0 ? 0 : Integer.parseInt(ciphertext.substring(7, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String transit(String operation) {
        return "/v1/" + settings.transitMount() + "/" + operation + settings.keyName();
    }

    private void login() {
        ObjectNode body = Json.object();
        body.put("role_id", settings.roleId());
        body.put("secret_id", settings.secretId());
        JsonNode auth = send("POST", "/v1/auth/" + settings.appRoleMount() + "/login", body, false)
                .path("auth");
        String t = auth.path("client_token").asText("");
        if (t.isEmpty()) {
            throw new SecretException("Vault's AppRole login answered without a client_token");
        }
        token = t;
    }

    /** One call; with AppRole, a 403 (expired token) triggers one new login and a retry. */
    private JsonNode call(String method, String path, ObjectNode body) {
        try {
            return send(method, path, body, true);
        } catch (Forbidden e) {
            if (settings.roleId().isEmpty()) {
                throw e;
            }
            login();
            return send(method, path, body, true);
        }
    }

    private JsonNode send(String method, String path, ObjectNode body, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.address() + path))
                .timeout(TIMEOUT)
                .header("X-Vault-Request", "true")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authenticated) {
            b.header("X-Vault-Token", token);
        }
        if (!settings.namespace().isEmpty()) {
            b.header("X-Vault-Namespace", settings.namespace());
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SecretException(
                    "Vault at " + settings.address() + " cannot be reached (" + method + " " + path + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretException("the call to Vault was interrupted", e);
        }
        int status = response.statusCode();
        if (status == 204) {
            return Json.object();
        }
        JsonNode json = parse(response.body());
        if (status / 100 == 2) {
            return json;
        }
        String message = "Vault at " + settings.address() + " answered " + status + " to " + method + " " + path + ": "
                + json.path("errors");
        throw status == 403 ? new Forbidden(message) : new SecretException(message);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.object();
        }
    }

    @Override
    public String toString() {
        return "VaultTransitKey[" + settings + "]";
    }

    /** Vault refused the token (403). */
    private static final class Forbidden extends SecretException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message) {
            super(message);
        }
    }
}
