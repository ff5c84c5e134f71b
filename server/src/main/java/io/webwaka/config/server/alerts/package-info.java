/**
 * Alerting webhooks: admins register receivers ({@code /api/v1/webhooks}) with an event filter and
 * a format (generic signed JSON, Slack, PagerDuty Events API v2); alerts are queued durably, sent
 * with retries and exponential backoff, and every attempt is recorded.
 *
 * <p><b>Design note.</b>
 *
 * <ul>
 *   <li><b>The audit log is the outbox.</b> Every event an alert can be about (a committed change,
 *       a denial, client drift, a failed rotation, a failed scheduled backup) is already an audit
 *       event, committed in the same transaction as what it records. {@code Matcher} reads the
 *       events after a cursor ({@code webhook_cursor}), and queues the matching deliveries and
 *       moves the cursor in one transaction; the cursor moves by compare-and-set, so with several
 *       nodes each event is matched once. The change itself only flags a wake-up ({@link
 *       io.webwaka.config.store.AuditListener}, after its commit), so its latency never depends on
 *       a receiver, and nothing committed is lost to a crash: a restart resumes at the cursor.
 *   <li><b>One alert per revision.</b> A change set writes one audit event per operation, all with
 *       the revision; they are grouped into one {@code config.change} listing the keys (never the
 *       values). It alerts when it touches a protected environment, or a project-wide item of a
 *       project that has one, as access control judges protected changes.
 *   <li><b>Rate mode</b> for security events: "more than N within M minutes" counts denied audit
 *       events over the sliding window ending at each new one, and fires once per window (no new
 *       {@code security.rate} alert for that webhook until M minutes after the last).
 *   <li><b>Delivery.</b> Rows of {@code webhook_deliveries} are claimed with a lease by one
 *       conditional {@code UPDATE} (as secret rotations are), sent by {@code Dispatcher}, and the
 *       attempt is appended to the row's attempt log with the next state; a node that dies
 *       mid-attempt leaves a lease that expires, and the delivery is retried (receivers
 *       de-duplicate on {@code X-WakaConfig-Delivery}: delivery is at least once).
 *   <li><b>Secrets.</b> The URL (a Slack URL is a credential) and the signing secret or routing
 *       key are sealed together by the master key; the API, logs and audit show the URL's scheme,
 *       host and port only.
 * </ul>
 */
package io.webwaka.config.server.alerts;
