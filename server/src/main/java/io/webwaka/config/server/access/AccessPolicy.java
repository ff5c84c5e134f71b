package io.webwaka.config.server.access;

import java.time.Duration;

/**
 * The tunable limits of authentication: login lockout, per-address rate limit and browser session
 * lifetimes.
 *
 * @param maxFailedLogins failed logins of one account within {@code failureWindow} that lock it
 * @param failureWindow how long a failed login counts
 * @param lockout how long a locked account refuses logins (even with the right password)
 * @param maxFailuresPerSource failed logins from one source address within {@code failureWindow}
 *     after which that address gets 429 until the window passes
 * @param sessionIdleTimeout a session unused this long ends
 * @param sessionMaxAge a session ends this long after login, used or not
 * @param secureCookies mark session cookies {@code Secure} even when the request did not arrive over
 *     TLS (behind a TLS-terminating proxy); over TLS they are always {@code Secure}
 */
public record AccessPolicy(
        int maxFailedLogins,
        Duration failureWindow,
        Duration lockout,
        int maxFailuresPerSource,
        Duration sessionIdleTimeout,
        Duration sessionMaxAge,
        boolean secureCookies) {

    /** 5 failures in 15 minutes lock an account for 15 minutes; 20 per address; 30 min idle, 12 h max. */
    public static final AccessPolicy DEFAULTS = new AccessPolicy(
            5, Duration.ofMinutes(15), Duration.ofMinutes(15), 20, Duration.ofMinutes(30), Duration.ofHours(12), false);

    /** Checks the values. */
    public AccessPolicy {
        if (maxFailedLogins < 1 || maxFailuresPerSource < 1) {
            throw new IllegalArgumentException("failure limits must be at least 1");
        }
        for (Duration d : new Duration[] {failureWindow, lockout, sessionIdleTimeout, sessionMaxAge}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, was " + d);
            }
        }
    }
}
