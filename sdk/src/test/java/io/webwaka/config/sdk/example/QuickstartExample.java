package io.webwaka.config.sdk.example;

import io.webwaka.config.sdk.WakaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The smallest application that reads WebWaka Config: prints {@code checkout.greeting}, then every
 * change of any key and every change of the connection status (it keeps working while the server
 * is down, and starts from its disk copy when the server is down at startup), until Ctrl-C.
 *
 * <p>Set {@code WAKACFG_URL} (default {@code http://localhost:8080}) and {@code WAKACFG_SDK_KEY} (an
 * SDK key of one project environment), then run from the repository root:
 *
 * <pre>
 * ./mvnw -q install -pl engine -DskipTests
 * ./mvnw -q -pl sdk test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.webwaka.config.sdk.example.QuickstartExample
 * </pre>
 */
public final class QuickstartExample {
    private QuickstartExample() {}

    /** Runs until interrupted (Ctrl-C); exits with status 2 if {@code WAKACFG_SDK_KEY} is not set. */
    public static void main(String[] args) throws InterruptedException {
        String url = System.getenv().getOrDefault("WAKACFG_URL", "http://localhost:8080");
        String key = System.getenv("WAKACFG_SDK_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("set WAKACFG_SDK_KEY to an SDK key (wkc_sdk_...) of the environment to read");
            System.exit(2);
        }
        WakaConfig config = WakaConfig.builder()
                .baseUrl(url)
                .sdkKey(key)
                .cacheDir(Path.of(System.getProperty("java.io.tmpdir"), "wakacfg-example"))
                .reconnectDelay(Duration.ofMillis(500), Duration.ofSeconds(5))
                .build();
        config.addStatusListener(status -> System.out.println("status: " + status));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            config.close();
            stopped.countDown();
        }));

        if (!config.awaitInitialized(Duration.ofSeconds(10))) {
            System.out.println("no snapshot yet from " + url + " (see the log); using defaults meanwhile");
        }
        System.out.println("status: " + config.status());
        System.out.println("checkout.greeting = " + config.getString("checkout.greeting", "(not set)"));
        config.addListener(change -> System.out.println("r" + change.revision() + " " + change.key() + ": "
                + change.oldValue().map(String::valueOf).orElse("(absent)") + " -> "
                + change.newValue().map(String::valueOf).orElse("(removed)")));
        stopped.await();
    }
}
