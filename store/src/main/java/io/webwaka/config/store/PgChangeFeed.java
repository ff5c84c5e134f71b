package io.webwaka.config.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed revisions over PostgreSQL {@code LISTEN/NOTIFY}. Every commit sends {@code
 * pg_notify('wakacfg_changes', '<projectId>:<revision>')} inside its transaction, so the notification
 * is delivered exactly when (and only if) the commit is. This class holds one dedicated connection
 * (outside the pool, which must never lose a connection to a blocking wait) that listens on the
 * channel and hands each notification to the {@link ChangeListener}.
 *
 * <p>Notifications sent while the connection is down are lost by PostgreSQL's design; so after each
 * (re)connection — and on the first — the listener is asked to {@linkplain ChangeListener#catchUp()
 * catch up} from its revision cursor. A connection that fails (killed backend, network loss, a
 * database restart) is replaced with exponential backoff from 100 ms to 5 s, with jitter; a liveness
 * query every 10 s notices a connection that died silently. Thread-safe; one daemon thread.
 */
final class PgChangeFeed implements ChangeSubscription {
    static final String CHANNEL = "wakacfg_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
    private static final int WAIT_MILLIS = 500;
    private static final long PING_NANOS = 10_000_000_000L;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final StoreSettings settings;
    private final ChangeListener listener;
    private final String name;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection connection;

    PgChangeFeed(StoreSettings settings, ChangeListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.name = "wakacfg-changes-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        this.thread = new Thread(this::run, "wakacfg-pg-listen");
        thread.setDaemon(true);
    }

    /** The payload a commit sends. */
    static String payload(long projectId, long revision) {
        return projectId + ":" + revision;
    }

    void start() {
        thread.start();
    }

    @Override
    public String connectionName() {
        return name;
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        boolean warned = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (warned) {
                    LOG.info("change notifications from PostgreSQL work again; catching up");
                    warned = false;
                }
                backoff = MIN_BACKOFF_MILLIS;
                safely(listener::catchUp);
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!warned) {
                    LOG.warn(
                            "lost the PostgreSQL connection that receives change notifications ({}); reconnecting,"
                                    + " then catching up from the revision cursor",
                            JdbcConfigStore.rootMessage(e));
                    warned = true;
                }
            } finally {
                listening = false;
                connection = null;
            }
            sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (!settings.user().isEmpty()) {
            props.setProperty("user", settings.user());
        }
        if (!settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("ApplicationName", name);
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
        c.setAutoCommit(true);
        return c;
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - lastPing > PING_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    s.execute("SELECT 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        int colon = payload.indexOf(':');
        try {
            long projectId = Long.parseLong(payload.substring(0, colon));
            long revision = Long.parseLong(payload.substring(colon + 1));
            safely(() -> listener.committed(projectId, revision));
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed change notification '{}'", payload);
        }
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("the change listener failed; the next notification or catch-up retries", e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a connection that is going away anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
