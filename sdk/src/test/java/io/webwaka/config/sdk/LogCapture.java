package io.webwaka.config.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the SDK logs through {@link System.Logger}, which the JDK routes to {@code
 * java.util.logging} when no other backend is installed. Close it to detach.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    /** Held strongly so that java.util.logging keeps our handler attached. */
    private final Logger logger = Logger.getLogger(WakaConfig.class.getName());

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** The formatted messages at this level or above that contain the text. */
    List<String> messages(Level atLeast, String containing) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                .map(FORMATTER::formatMessage)
                .filter(m -> m.contains(containing))
                .toList();
    }

    int count(Level atLeast, String containing) {
        return messages(atLeast, containing).size();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
