package io.webwaka.config.server.ops;

import java.io.PrintWriter;

/**
 * Progress of a backup, verify or restore: which table, and how many of its rows are done. Called
 * on one thread.
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void table(String name, long rows) {}

        @Override
        public void rows(long done) {}
    };

    /** A table starts; it has {@code rows} rows. */
    void table(String name, long rows);

    /** {@code done} rows of the current table are done. */
    void rows(long done);

    /**
     * A text progress bar on {@code err}: one line per table, and a bar every 10% of a large table.
     */
    static Progress bar(PrintWriter err, String verb) {
        return new Progress() {
            private String table;
            private long total;
            private long nextMark;

            @Override
            public void table(String name, long rows) {
                table = name;
                total = rows;
                nextMark = Math.max(rows / 10, 1);
                err.printf("%s %-20s %,d rows%n", verb, name, rows);
                err.flush();
            }

            @Override
            public void rows(long done) {
                if (total >= 1000 && done >= nextMark) {
                    int tenths = (int) Math.min(10, done * 10 / total);
                    err.printf("  [%s%s] %3d%% %s%n", "#".repeat(tenths), " ".repeat(10 - tenths), tenths * 10, table);
                    err.flush();
                    nextMark += Math.max(total / 10, 1);
                }
            }
        };
    }
}
