package io.webwaka.config.bench.sse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * Starts a throw-away PostgreSQL (zonky's embedded binaries, nothing downloaded) for the two-node SSE
 * benchmark, prints {@code JDBC <url>} and runs until its standard input closes or it is killed.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.webwaka.config.bench.sse.EmbeddedPgMain</pre>
 */
public final class EmbeddedPgMain {
    private EmbeddedPgMain() {}

    /** Runs the database; see the class comment. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            System.out.println("JDBC jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the script to close our input
            }
        }
    }
}
