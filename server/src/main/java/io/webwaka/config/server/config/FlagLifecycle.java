package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.FlagUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides whether a flag is stale: not evaluated for {@code days} days (or never, while it has
 * existed that long), or serving one variant to 100 % of its evaluations over the last {@code
 * days} days. Works on the evaluation counts the store keeps ({@link FlagUsageRecorder#RETENTION_DAYS}
 * days of them), summed over all environments.
 */
final class FlagLifecycle {
    static final int DEFAULT_DAYS = 30;

    private FlagLifecycle() {}

    /** Why the flag is stale, or empty if it is not. */
    static Optional<ObjectNode> staleness(
            String flag, List<FlagUsage> usage, Instant definedAt, int days, Instant now) {
        long today = now.getEpochSecond() / 86_400;
        Instant lastAt = null;
        TreeSet<String> variants = new TreeSet<>();
        long firstDay = Long.MAX_VALUE;
        for (FlagUsage u : usage) {
            if (!u.flagKey().equals(flag)) {
                continue;
            }
            lastAt = lastAt == null || u.lastAt().isAfter(lastAt) ? u.lastAt() : lastAt;
            if (u.day() > today - days) {
                variants.add(u.variant());
                firstDay = Math.min(firstDay, u.day());
            }
        }
        Duration window = Duration.ofDays(days);
        if (days == 0) {
            // days=0: "which flags has nothing ever evaluated?" (within the kept counts)
            return lastAt == null
                    ? Optional.of(reason(flag, "never-evaluated", "no evaluation recorded since it was defined", null))
                    : Optional.empty();
        }
        if (lastAt == null) {
            if (definedAt.isBefore(now.minus(window))) {
                return Optional.of(reason(
                        flag,
                        "not-evaluated",
                        "no evaluation in the last " + days + " days (the flag was last changed on " + definedAt + ")",
                        null));
            }
            return Optional.empty();
        }
        if (lastAt.isBefore(now.minus(window))) {
            return Optional.of(reason(flag, "not-evaluated", "not evaluated since " + lastAt, lastAt));
        }
        long earliestKept = today - FlagUsageRecorder.RETENTION_DAYS;
        boolean coversWindow =
                definedAt.isBefore(now.minus(window)) && firstDay <= Math.max(today - days + 1, earliestKept);
        if (variants.size() == 1 && coversWindow) {
            return Optional.of(reason(
                    flag,
                    "single-variant",
                    "served only variant '" + variants.first() + "' to 100% of evaluations in the last " + days
                            + " days",
                    lastAt));
        }
        return Optional.empty();
    }

    private static ObjectNode reason(String flag, String code, String text, Instant lastAt) {
        ObjectNode o = Json.object();
        o.put("key", flag);
        o.put("state", "stale");
        o.put("reason", code);
        o.put("detail", text);
        o.put("lastEvaluatedAt", lastAt == null ? null : lastAt.toString());
        return o;
    }
}
