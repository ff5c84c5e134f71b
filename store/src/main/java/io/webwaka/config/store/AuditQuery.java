package io.webwaka.config.store;

/**
 * A page of the audit log, newest first.
 *
 * @param project only events of this project key, or empty for all
 * @param environment only events of this environment key, or empty for all
 * @param action only events of this action, or empty for all
 * @param beforeId only events with an id below this one (the cursor), or 0 for the newest
 * @param limit at most this many events
 */
public record AuditQuery(String project, String environment, String action, long beforeId, int limit) {}
