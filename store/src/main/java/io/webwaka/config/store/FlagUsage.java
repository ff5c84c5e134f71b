package io.webwaka.config.store;

import java.time.Instant;

/**
 * Evaluation counts of one flag variant in one environment on one day (UTC).
 *
 * @param envId the environment
 * @param flagKey the flag
 * @param day the day, as days since 1970-01-01 (UTC)
 * @param variant the variant served ({@code ""} for evaluations that served no variant)
 * @param count how many evaluations
 * @param lastAt the latest evaluation counted
 */
public record FlagUsage(long envId, String flagKey, long day, String variant, long count, Instant lastAt) {}
