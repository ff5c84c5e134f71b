package io.webwaka.config.bench.flags;

import java.util.List;

/**
 * The deterministic population every flag benchmark cycles through, the same for our evaluator and
 * for the peers: {@link #COUNT} users with a distinct id, a country (90 % in the targeted list), an
 * account age in days (about half above the threshold) and an app version (3 in 4 at or above
 * 2.3.0). Same data as the peer harness {@code ../shared/peers/unleash-sdk-jmh}, so the ratios
 * compare like with like.
 */
final class Users {
    /** How many users; a power of two so a cursor wraps with a mask. */
    static final int COUNT = 1024;

    /** The 20 countries of condition (b) {@code country in […]}. */
    static final List<String> COUNTRIES = List.of(
            "NO", "SE", "DK", "FI", "IS", "DE", "FR", "ES", "IT", "PT", "NL", "BE", "PL", "CZ", "AT", "CH", "IE", "GB",
            "US", "CA");

    /** Condition (b): {@code accountAgeDays gt 30}. */
    static final int MIN_AGE_EXCLUSIVE = 30;

    /** Condition (b): {@code appVersion semverGte 2.3.0} (Unleash: {@code SEMVER_GT 2.2.9}, the same here). */
    static final String MIN_VERSION = "2.3.0";

    private static final String[] APP_VERSIONS = {"2.2.9", "2.3.0", "2.4.1", "3.0.0"};

    private Users() {}

    static String userId(int i) {
        return "user-" + (1_000_000 + i * 7919);
    }

    /** One user in ten is in a country outside the list. */
    static String country(int i) {
        return i % 10 == 9 ? "XX" : COUNTRIES.get(i % COUNTRIES.size());
    }

    static int accountAgeDays(int i) {
        return i % 61;
    }

    static String appVersion(int i) {
        return APP_VERSIONS[i % APP_VERSIONS.length];
    }

    /** Whether user {@code i} passes the three conditions of flag (b), computed without any flag engine. */
    static boolean eligible(int i) {
        return COUNTRIES.contains(country(i))
                && accountAgeDays(i) > MIN_AGE_EXCLUSIVE
                && compareVersions(appVersion(i), MIN_VERSION) >= 0;
    }

    /** Compares plain {@code major.minor.patch} versions, part by part. */
    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int k = 0; k < 3; k++) {
            int c = Integer.compare(Integer.parseInt(x[k]), Integer.parseInt(y[k]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
