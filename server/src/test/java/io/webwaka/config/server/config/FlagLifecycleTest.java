package io.webwaka.config.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.FlagUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stale-flag rules on synthetic evaluation counts (no waiting 30 days). */
class FlagLifecycleTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final long TODAY = NOW.getEpochSecond() / 86_400;

    private static FlagUsage usage(String flag, long daysAgo, String variant) {
        Instant at = NOW.minus(Duration.ofDays(daysAgo));
        return new FlagUsage(1, flag, TODAY - daysAgo, variant, 5, at);
    }

    @Test
    void staleness_neverEvaluatedAndDefinedLongAgo_isStale() {
        var result = FlagLifecycle.staleness("f", List.of(), NOW.minus(Duration.ofDays(40)), 30, NOW);

        assertThat(result).isPresent();
        assertThat(result.get().get("reason").asText()).isEqualTo("not-evaluated");
    }

    @Test
    void staleness_neverEvaluatedButNew_isNotStale() {
        assertThat(FlagLifecycle.staleness("f", List.of(), NOW.minus(Duration.ofDays(3)), 30, NOW))
                .isEmpty();
    }

    @Test
    void staleness_lastEvaluatedBeforeTheWindow_isStaleWithTheTime() {
        var result =
                FlagLifecycle.staleness("f", List.of(usage("f", 33, "on")), NOW.minus(Duration.ofDays(60)), 30, NOW);

        assertThat(result).isPresent();
        assertThat(result.get().get("detail").asText()).contains("not evaluated since");
    }

    @Test
    void staleness_oneVariantThroughoutTheWindow_isStaleSingleVariant() {
        List<FlagUsage> usage = List.of(usage("f", 31, "on"), usage("f", 29, "on"), usage("f", 0, "on"));

        var result = FlagLifecycle.staleness("f", usage, NOW.minus(Duration.ofDays(60)), 30, NOW);

        assertThat(result).isPresent();
        assertThat(result.get().get("reason").asText()).isEqualTo("single-variant");
        assertThat(result.get().get("detail").asText()).contains("'on'");
    }

    @Test
    void staleness_twoVariantsServed_isNotStale() {
        List<FlagUsage> usage = List.of(usage("f", 29, "on"), usage("f", 1, "off"));

        assertThat(FlagLifecycle.staleness("f", usage, NOW.minus(Duration.ofDays(60)), 30, NOW))
                .isEmpty();
    }

    @Test
    void staleness_oneVariantButOnlyRecently_isNotStale() {
        // Data covers 5 days only: too short to claim "100 % for 30 days".
        List<FlagUsage> usage = List.of(usage("f", 5, "on"), usage("f", 0, "on"));

        assertThat(FlagLifecycle.staleness("f", usage, NOW.minus(Duration.ofDays(6)), 30, NOW))
                .isEmpty();
    }

    @Test
    void staleness_daysZero_listsOnlyNeverEvaluatedFlags() {
        assertThat(FlagLifecycle.staleness("f", List.of(), NOW.minus(Duration.ofMinutes(1)), 0, NOW))
                .hasValueSatisfying(o -> assertThat(o.get("reason").asText()).isEqualTo("never-evaluated"));
        assertThat(FlagLifecycle.staleness("f", List.of(usage("f", 20, "on")), NOW, 0, NOW))
                .isEmpty();
    }

    @Test
    void staleness_otherFlagsUsage_isIgnored() {
        var result =
                FlagLifecycle.staleness("f", List.of(usage("g", 0, "on")), NOW.minus(Duration.ofDays(40)), 30, NOW);

        assertThat(result).isPresent();
    }
}
