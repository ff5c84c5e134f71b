package io.webwaka.config.server.tls;

import io.webwaka.config.server.ServerOptions;
import java.time.Instant;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS connector that replaces Javalin's plain one when the server has a certificate: TLS 1.2+
 * with Jetty's default cipher exclusions, HTTP/1.1 inside. Requests on it have the {@code https}
 * scheme, so session cookies get {@code Secure} without {@code --secure-cookies}. Thread-safe once
 * built.
 */
public final class HttpsConnector {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsConnector.class);

    private final SslContextFactory.Server ssl;
    private final String host;
    private final int port;

    private HttpsConnector(SslContextFactory.Server ssl, String host, int port) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
    }

    /**
     * Reads and checks the certificate and key before anything else starts.
     *
     * @throws io.webwaka.config.server.ServerException naming the file and what is wrong
     */
    public static HttpsConnector prepare(ServerOptions.Tls tls, String host, int port) {
        PemCredentials credentials = PemCredentials.load(tls.cert(), tls.key());
        String problem = credentials.validityProblem(Instant.now());
        if (!problem.isEmpty()) {
            LOG.warn("{} ({}): clients will refuse the connection until it is renewed", problem, tls.cert());
        }
        char[] password = PemCredentials.randomPassword();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(credentials.keyStore(password));
        ssl.setKeyStorePassword(new String(password));
        LOG.info(
                "HTTPS with {} ({})",
                credentials.chain().get(0).getSubjectX500Principal().getName(),
                tls.cert());
        return new HttpsConnector(ssl, host, port);
    }

    /** The connector, for Javalin's {@code config.jetty.addConnector}. */
    public ServerConnector create(Server server, HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // One certificate serves every name: a client reaching the node by IP or an internal name
        // must not get 400 for an SNI that differs from the certificate.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(port);
        return c;
    }
}
