package io.webwaka.config.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key}: HTTPS from PEM files, and clear refusals of bad files. */
class HttpsTest {
    private static final String ADMIN_TOKEN = "https-test-admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void start_withRsaCertAndPkcs8Key_servesReadyOverHttps() throws Exception {
        SelfSigned c = SelfSigned.rsa();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path key = c.writePkcs8Key(dir.resolve("key.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");

        try (WakaServer server = WakaServer.start(options(cert, key))) {
            HttpResponse<String> r = trusting(c).send(get("https", server.port(), "/health/ready"), body());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void start_withEcCertAndSec1Key_servesOverHttps() throws Exception {
        SelfSigned c = SelfSigned.ec();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path key = c.writeTraditionalKey(dir.resolve("key.pem"));
        assertThat(Files.readString(key))
                .startsWith("-----BEGIN EC PARAMETERS-----")
                .contains("-----BEGIN EC PRIVATE KEY-----");

        try (WakaServer server = WakaServer.start(options(cert, key))) {
            HttpResponse<String> r = trusting(c).send(get("https", server.port(), "/health/live"), body());

            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_withPkcs1RsaKey_servesOverHttps_andSessionCookieIsSecure() throws Exception {
        SelfSigned c = SelfSigned.rsa();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path key = c.writeTraditionalKey(dir.resolve("key.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        try (WakaServer server = WakaServer.start(options(cert, key))) {
            HttpClient client = trusting(c);
            HttpResponse<String> created = client.send(
                    post(
                                    server.port(),
                                    "/api/v1/users",
                                    "{\"name\":\"ann\",\"password\":\"correct horse battery staple\","
                                            + "\"roles\":[{\"role\":\"viewer\"}]}")
                            .header("Authorization", "Bearer " + ADMIN_TOKEN)
                            .build(),
                    body());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            HttpResponse<String> login = client.send(
                    post(
                                    server.port(),
                                    "/api/v1/login",
                                    "{\"name\":\"ann\",\"password\":\"correct horse battery staple\"}")
                            .build(),
                    body());

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
        }
    }

    @Test
    void plainHttp_toTheHttpsPort_getsNoAnswer() throws Exception {
        SelfSigned c = SelfSigned.rsa();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path key = c.writePkcs8Key(dir.resolve("key.pem"));

        try (WakaServer server = WakaServer.start(options(cert, key))) {
            HttpClient plain = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

            assertThatThrownBy(() -> plain.send(get("http", server.port(), "/health/live"), body()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void start_withAnotherCertificatesKey_refusesNamingBothFiles() {
        Path cert = SelfSigned.rsa().writeCert(dir.resolve("cert.pem"));
        Path key = SelfSigned.rsa().writePkcs8Key(dir.resolve("other-key.pem"));

        assertThatThrownBy(() -> WakaServer.start(options(cert, key)))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("the private key " + key + " does not belong to the certificate " + cert);
        assertThat(dir.resolve("data")).doesNotExist(); // refused before the store was opened
    }

    @Test
    void start_withSwappedFiles_saysSo() {
        SelfSigned c = SelfSigned.rsa();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path key = c.writePkcs8Key(dir.resolve("key.pem"));

        assertThatThrownBy(() -> WakaServer.start(options(key, cert)))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("the certificate file " + key + " holds a private key")
                .hasMessageContaining("swapped");
    }

    @Test
    void start_withMissingOrEmptyFiles_refusesNamingTheFile() throws IOException {
        SelfSigned c = SelfSigned.rsa();
        Path cert = c.writeCert(dir.resolve("cert.pem"));
        Path missing = dir.resolve("missing-key.pem");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a PEM file\n");

        assertThatThrownBy(() -> WakaServer.start(options(cert, missing)))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("cannot read the TLS private key file " + missing);
        assertThatThrownBy(() -> WakaServer.start(options(cert, empty)))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("the key file " + empty + " must hold one PEM private key");
    }

    private ServerOptions options(Path cert, Path key) {
        return ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dir.resolve("data"))
                .bootstrapAdminToken(ADMIN_TOKEN)
                .auditFileSink(false)
                .backupInterval(Duration.ZERO)
                .backupIncrementalInterval(Duration.ZERO)
                .rotationPollInterval(Duration.ZERO)
                .tls(cert, key)
                .build();
    }

    private static HttpClient trusting(SelfSigned c) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", c.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpRequest get(String scheme, int port, String path) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpRequest.Builder post(int port, String path, String json) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse.BodyHandler<String> body() {
        return HttpResponse.BodyHandlers.ofString();
    }
}
