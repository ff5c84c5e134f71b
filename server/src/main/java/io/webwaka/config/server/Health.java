package io.webwaka.config.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (every readiness check
 * passes). The ready body names each check, {@code "UP"} or {@code "DOWN: why"}, and lists the
 * failed ones; a failed check answers 503 so a load balancer takes the node out.
 */
final class Health {
    /** One readiness check: empty when it passes, else what is wrong. Must be quick and not throw. */
    interface Check {
        Optional<String> problem();
    }

    private final Map<String, Check> checks;

    /** Health over named checks, reported in this order. */
    Health(Map<String, Check> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    /** The store answers. */
    static Check storeReachable(ConfigStore store) {
        return () -> store.isReachable() ? Optional.empty() : Optional.of("the database does not answer");
    }

    /** The store's schema is at the version this build migrates to. */
    static Check storeMigrated(ConfigStore store) {
        return () -> {
            String expected = store.expectedSchemaVersion();
            Optional<String> actual = store.schemaVersion();
            return actual.isPresent() && actual.get().equals(expected)
                    ? Optional.empty()
                    : Optional.of("the schema is at version " + actual.orElse("(unknown)") + ", this server needs "
                            + expected + "; restart it to migrate");
        };
    }

    /** The master key is loaded and opens the store's key check value of its current version. */
    static Check masterKey(io.webwaka.config.server.secrets.SecretBox secrets) {
        return secrets::masterKeyProblem;
    }

    /** At least {@code minFreeBytes} usable on the file system of {@code dir}. */
    static Check diskSpace(Path dir, long minFreeBytes) {
        return () -> {
            long free = usableSpace(dir);
            return free >= minFreeBytes
                    ? Optional.empty()
                    : Optional.of(free + " bytes free under " + dir.toAbsolutePath() + ", below the minimum of "
                            + minFreeBytes);
        };
    }

    private static long usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent(); // a PostgreSQL server may not have created its data directory
        }
        return p == null ? 0 : p.toFile().getUsableSpace();
    }

    void register(SecuredRoutes routes) {
        routes.get(
                "/health/live",
                Scope.PUBLIC,
                null,
                ctx -> ctx.json(Json.object().put("status", "UP")));
        routes.get("/health/ready", Scope.PUBLIC, null, ctx -> {
            ObjectNode out = Json.object().put("status", "UP");
            ObjectNode results = out.putObject("checks");
            ArrayNode failed = out.putArray("failed");
            checks.forEach((name, check) -> {
                Optional<String> problem = check.problem();
                results.put(name, problem.map(p -> "DOWN: " + p).orElse("UP"));
                problem.ifPresent(p -> failed.add(name));
            });
            out.put("status", failed.isEmpty() ? "UP" : "DOWN");
            ctx.status(failed.isEmpty() ? 200 : 503).json(out);
        });
    }
}
