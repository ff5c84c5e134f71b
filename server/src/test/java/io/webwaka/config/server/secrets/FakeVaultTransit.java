package io.webwaka.config.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HTTP server that implements the parts of HashiCorp Vault's HTTP API the {@code
 * vault-transit} master key uses, as Vault documents them: the Transit engine at {@code /v1/transit}
 * ({@code GET keys/:name}, {@code POST encrypt/:name}, {@code POST decrypt/:name}, {@code POST
 * keys/:name/rotate}) with {@code aes256-gcm96} keys and {@code vault:v<N>:<base64>} ciphertexts,
 * token authentication in {@code X-Vault-Token} (403 {@code {"errors":["permission denied"]}}
 * otherwise), and AppRole login at {@code POST /v1/auth/approle/login}. It is not Vault: no Vault
 * server can be installed where these tests run. It records every call for the tests. Thread-safe.
 */
public final class FakeVaultTransit implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, List<SecretKey>> keys = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> appRoles = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private FakeVaultTransit(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port with a transit key {@code keyName} (version 1) and a root token. */
    public static FakeVaultTransit start(String keyName, String token) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeVaultTransit vault = new FakeVaultTransit(http);
            vault.tokens.add(token);
            vault.keys.put(keyName, new CopyOnWriteArrayList<>(List.of(newKey())));
            http.createContext("/v1/", vault::handle);
            http.start();
            return vault;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address to give as {@code WAKACFG_VAULT_ADDR}. */
    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Accepts an AppRole login with this role id and secret id. */
    public void addAppRole(String roleId, String secretId) {
        appRoles.put(roleId, secretId);
    }

    /** Revokes every token (as their TTL ending would). */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Every call so far, as {@code "METHOD /path"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The latest version of a key. */
    public int latestVersion(String keyName) {
        return keys.get(keyName).size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(method + " " + path);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(raw);
        try {
            if (method.equals("POST") && path.equals("/v1/auth/approle/login")) {
                login(exchange, body);
                return;
            }
            if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst("X-Vault-Token")))) {
                error(exchange, 403, "permission denied");
                return;
            }
            transit(exchange, method, path, body);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            error(exchange, 400, "invalid ciphertext: " + e.getClass().getSimpleName());
        }
    }

    private void transit(HttpExchange exchange, String method, String path, JsonNode body)
            throws IOException, GeneralSecurityException {
        String[] parts = path.split("/");
        // /v1/transit/<operation>/<name>[/rotate]
        if (parts.length < 5 || !parts[2].equals("transit")) {
            error(exchange, 404, "no handler for route \"" + path + "\"");
            return;
        }
        List<SecretKey> versions = keys.get(parts[4]);
        if (versions == null) {
            error(exchange, 400, "encryption key not found");
            return;
        }
        String op = parts[3] + (parts.length > 5 ? "/" + parts[5] : "");
        ObjectNode data = MAPPER.createObjectNode();
        switch (method + " " + op) {
            case "GET keys" -> keyInfo(data, parts[4], versions);
            case "POST keys/rotate" -> {
                versions.add(newKey());
                keyInfo(data, parts[4], versions);
            }
            case "POST encrypt" -> {
                int v = versions.size();
                byte[] plaintext =
                        Base64.getDecoder().decode(body.path("plaintext").asText());
                data.put("ciphertext", "vault:v" + v + ":" + encrypt(versions.get(v - 1), plaintext));
                data.put("key_version", v);
            }
            case "POST decrypt" -> {
                String[] c = body.path("ciphertext").asText().split(":", 3);
                int v = Integer.parseInt(c[1].substring(1));
                if (c.length != 3 || !c[0].equals("vault") || v < 1 || v > versions.size()) {
                    error(exchange, 400, "invalid ciphertext: no prefix or unknown version");
                    return;
                }
                data.put("plaintext", Base64.getEncoder().encodeToString(decrypt(versions.get(v - 1), c[2])));
            }
            default -> {
                error(exchange, 405, "unsupported operation");
                return;
            }
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.put("request_id", java.util.UUID.randomUUID().toString());
        out.set("data", data);
        send(exchange, 200, out);
    }

    private void login(HttpExchange exchange, JsonNode body) throws IOException {
        String expected = appRoles.get(body.path("role_id").asText());
        if (expected == null || !expected.equals(body.path("secret_id").asText())) {
            error(exchange, 400, "invalid role or secret ID");
            return;
        }
        String token = "hvs.fake-" + java.util.UUID.randomUUID();
        tokens.add(token);
        ObjectNode out = MAPPER.createObjectNode();
        ObjectNode auth = out.putObject("auth");
        auth.put("client_token", token);
        auth.put("lease_duration", 3600);
        auth.put("renewable", true);
        send(exchange, 200, out);
    }

    private static void keyInfo(ObjectNode data, String name, List<SecretKey> versions) {
        data.put("name", name);
        data.put("type", "aes256-gcm96");
        ObjectNode ks = data.putObject("keys");
        for (int v = 1; v <= versions.size(); v++) {
            ks.put(Integer.toString(v), 1_700_000_000L + v);
        }
        data.put("latest_version", versions.size());
        data.put("min_decryption_version", 1);
        data.put("min_encryption_version", 0);
        data.put("supports_encryption", true);
        data.put("supports_decryption", true);
    }

    private static SecretKey newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    private static String encrypt(SecretKey key, byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] ct = c.doFinal(plaintext);
        byte[] out = new byte[12 + ct.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(ct, 0, out, 12, ct.length);
        return Base64.getEncoder().encodeToString(out);
    }

    private static byte[] decrypt(SecretKey key, String b64) throws GeneralSecurityException {
        byte[] in = Base64.getDecoder().decode(b64);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
        return c.doFinal(in, 12, in.length - 12);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode out = MAPPER.createObjectNode();
        out.putArray("errors").add(message);
        send(exchange, status, out);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The calls of one kind, for assertions. */
    public List<String> callsTo(String prefix) {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> {
            if (c.startsWith(prefix)) {
                out.add(c);
            }
        });
        return out;
    }
}
