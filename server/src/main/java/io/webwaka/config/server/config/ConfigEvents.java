package io.webwaka.config.server.config;

/**
 * What the configuration feature tells the outside about its work (the metrics listen). Called on
 * request threads, with a project's lock held: implementations must be quick and must not throw.
 */
public interface ConfigEvents {
    /** Hears nothing. */
    ConfigEvents NONE = new ConfigEvents() {
        @Override
        public void change(String project, String environment, String kind, String outcome) {}

        @Override
        public void snapshotBuilt(long nanos) {}
    };

    /**
     * One operation of a change set (or one write of a rollback) ended.
     *
     * @param environment the environment key, or {@code default} for the project-wide value
     * @param outcome {@code committed}, {@code invalid} (422), {@code conflict} (409) or {@code error}
     */
    void change(String project, String environment, String kind, String outcome);

    /** A project's snapshots were (re)compiled in {@code nanos} nanoseconds. */
    void snapshotBuilt(long nanos);
}
