package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.Problem;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Logs the health of the refresh loop once per change of state (healthy, failing, key rejected),
 * never once per poll: a server that stays down for a day writes one warning, not thousands. Each
 * failed poll is also logged at DEBUG.
 *
 * <p>Single-threaded: used only on the poller thread.
 */
final class RefreshLog {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());
    private static final int MAX_LISTED_PROBLEMS = 20;

    private enum State {
        STARTING,
        HEALTHY,
        FAILING,
        REJECTED
    }

    private final URI uri;
    private final String retrying;
    private State state = State.STARTING;

    /** A log for polling every {@code pollInterval}. */
    RefreshLog(URI uri, Duration pollInterval) {
        this(uri, "retrying every " + String.format("%,d", pollInterval.toMillis()) + " ms");
    }

    /** A log whose failure message ends with {@code retrying} (how the client will retry). */
    RefreshLog(URI uri, String retrying) {
        this.uri = uri;
        this.retrying = retrying;
    }

    void loaded(Snapshot snapshot, boolean first) {
        if (first) {
            LOG.log(
                    Level.INFO,
                    "loaded configuration {0}/{1} at revision {2} from {3}",
                    snapshot.project(),
                    snapshot.environment(),
                    snapshot.revision(),
                    uri);
        } else {
            LOG.log(
                    Level.DEBUG,
                    "configuration {0}/{1} is now at revision {2}",
                    snapshot.project(),
                    snapshot.environment(),
                    snapshot.revision());
        }
        healthy();
    }

    /**
     * Logs a snapshot's flag problems once, when it is loaded: the flags concerned evaluate to {@code
     * ERROR}/{@code PARSE_ERROR} (the caller's default), the others work.
     */
    void flagProblems(Snapshot snapshot, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        String listed = problems.stream()
                .limit(MAX_LISTED_PROBLEMS)
                .map(Problem::toString)
                .collect(Collectors.joining("; "));
        LOG.log(
                Level.WARNING,
                "revision {0} of {1}/{2} has {3} flag problem(s); the flags concerned return the caller''s default"
                        + " with reason ERROR (PARSE_ERROR): {4}{5}",
                snapshot.revision(),
                snapshot.project(),
                snapshot.environment(),
                problems.size(),
                listed,
                problems.size() > MAX_LISTED_PROBLEMS ? "; …" : "");
    }

    void healthy() {
        if (state == State.FAILING || state == State.REJECTED) {
            LOG.log(Level.INFO, "configuration refresh from {0} works again", uri);
        }
        state = State.HEALTHY;
    }

    void failed(String reason, Loaded current) {
        LOG.log(Level.DEBUG, "configuration refresh from {0} failed: {1}", uri, reason);
        if (state != State.FAILING) {
            LOG.log(
                    Level.WARNING,
                    "cannot refresh configuration from {0}: {1}; {2}; {3}",
                    uri,
                    reason,
                    keeping(current),
                    retrying);
            state = State.FAILING;
        }
    }

    void rejected(int status, String detail, Loaded current) {
        LOG.log(Level.DEBUG, "configuration refresh from {0} rejected: HTTP {1}", uri, status);
        if (state != State.REJECTED) {
            LOG.log(
                    Level.ERROR,
                    "the SDK key was rejected: {0} (HTTP {1} from {2}); check that the key is"
                            + " an SDK key of this project environment and has not been revoked; {3}",
                    detail,
                    status,
                    uri,
                    keeping(current));
            state = State.REJECTED;
        }
    }

    private static String keeping(Loaded current) {
        return current == null
                ? "getters return their defaults until a snapshot arrives"
                : "keeping revision " + current.snapshot().revision();
    }
}
