package io.webwaka.config.sdk.example;

import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.sdk.WakaConfig;
import java.time.Duration;

/**
 * Evaluates the README's {@code new-checkout} flag in process for a few users, the way an
 * application would, and prints value, variant and reason — the same answers as the server's
 * {@code POST …/evaluate}.
 *
 * <p>Set {@code WAKACFG_URL} and {@code WAKACFG_SDK_KEY} (an SDK key of the environment), then run:
 *
 * <pre>
 * ./mvnw -q -pl sdk test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.webwaka.config.sdk.example.FlagsExample
 * </pre>
 */
public final class FlagsExample {
    private FlagsExample() {}

    /** Prints one line per user, then exits. */
    public static void main(String[] args) {
        String key = System.getenv("WAKACFG_SDK_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("set WAKACFG_SDK_KEY to an SDK key (wkc_sdk_...) of the environment to read");
            System.exit(2);
        }
        try (WakaConfig config = WakaConfig.builder()
                .baseUrl(System.getenv().getOrDefault("WAKACFG_URL", "http://localhost:8080"))
                .sdkKey(key)
                .appName("flags-example")
                .build()) {
            if (!config.awaitInitialized(Duration.ofSeconds(10))) {
                System.out.println("no snapshot yet; every flag answers its default");
            }
            for (String user : new String[] {"u-7", "u-17", "u-42"}) {
                for (String country : new String[] {"NG", "KE"}) {
                    EvaluationContext ctx = EvaluationContext.builder()
                            .targetingKey(user)
                            .set("userId", user)
                            .set("country", country)
                            .build();
                    EvaluationDetails<Boolean> d = config.boolDetails("new-checkout", ctx, false);
                    System.out.println(user + " in " + country + ": " + d.value() + " (variant "
                            + d.variant().orElse("-") + ", " + d.reason() + ")");
                }
            }
        }
    }
}
