package io.webwaka.config.server.audit;

import io.webwaka.config.store.AuditListener;
import io.webwaka.config.store.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit file sink: appends every committed audit event as one JSON line ({@link AuditJson},
 * with seq and hash) to {@code DIR/audit-YYYY-MM-DD.jsonl}, named by the event's UTC date, so a
 * shipper can copy the log off the machine. Only committed events arrive here (the store calls it
 * after the commit); with PostgreSQL each node writes the events it committed.
 *
 * <p>The database is the record; the sink is a copy. A failure to write is logged (once until
 * writing works again) and never fails the change. Lines are written unbuffered, one {@code write}
 * per event, and not fsynced. Thread-safe (one writer at a time).
 */
public final class AuditFileSink implements AuditListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditFileSink.class);

    private final Path dir;
    private LocalDate openDate;
    private OutputStream out;
    private boolean failing;

    /** A sink writing into {@code dir} (created when the first event arrives). */
    public AuditFileSink(Path dir) {
        this.dir = dir;
    }

    /** The file that holds the events of {@code date}. */
    public static Path file(Path dir, LocalDate date) {
        return dir.resolve("audit-" + date + ".jsonl");
    }

    @Override
    public synchronized void committed(AuditRecord event) {
        try {
            LocalDate date = LocalDate.ofInstant(event.at(), ZoneOffset.UTC);
            if (!date.equals(openDate)) {
                rotate(date);
            }
            out.write(AuditJson.lineBytes(event));
            out.flush();
            if (failing) {
                failing = false;
                LOG.info("the audit file sink writes to {} again", file(dir, date));
            }
        } catch (IOException | RuntimeException e) {
            closeFile();
            if (!failing) {
                failing = true;
                LOG.error(
                        "could not append audit event seq {} to {} (it is committed in the database;"
                                + " later failures are not logged until writing works again)",
                        event.seq(),
                        dir.toAbsolutePath(),
                        e);
            }
        }
    }

    private void rotate(LocalDate date) throws IOException {
        closeFile();
        Files.createDirectories(dir);
        out = Files.newOutputStream(file(dir, date), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        openDate = date;
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("could not close the audit file in {}", dir.toAbsolutePath(), e);
            }
        }
        out = null;
        openDate = null;
    }

    /** Closes the current file. Idempotent; a later event opens it again. */
    @Override
    public synchronized void close() {
        closeFile();
    }
}
