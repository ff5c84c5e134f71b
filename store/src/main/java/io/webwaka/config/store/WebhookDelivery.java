package io.webwaka.config.store;

import java.time.Instant;

/**
 * One queued alert for one webhook (table {@code webhook_deliveries}), with every attempt made to
 * send it. Its id is the same across retries, so a receiver can de-duplicate.
 *
 * @param id the delivery id
 * @param webhookId the webhook it goes to
 * @param eventId the event's id (the same for every webhook the event goes to)
 * @param eventType the event type, e.g. {@code config.change}
 * @param eventAt when the event happened
 * @param payload the event as JSON text (no secret values)
 * @param status {@code pending}, {@code delivered}, {@code failed} (will be retried) or {@code dead}
 * @param attempts how many attempts were made
 * @param attemptLog every attempt as a JSON array (text)
 * @param nextAttemptAt when the next attempt is due
 * @param lastStatus the HTTP status of the last attempt, or 0 (none, or no response)
 * @param lastError the error of the last attempt, or {@code null}
 * @param createdAt when it was queued
 * @param updatedAt when it last changed
 */
public record WebhookDelivery(
        long id,
        long webhookId,
        String eventId,
        String eventType,
        Instant eventAt,
        String payload,
        String status,
        int attempts,
        String attemptLog,
        Instant nextAttemptAt,
        int lastStatus,
        String lastError,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * A delivery to queue.
     *
     * @param webhookId the webhook
     * @param eventId the event's id
     * @param eventType the event type
     * @param eventAt when the event happened
     * @param payload the event as JSON text
     */
    public record New(long webhookId, String eventId, String eventType, Instant eventAt, String payload) {}

    /**
     * The result of one attempt, recorded by the node holding the lease.
     *
     * @param status the new status
     * @param attemptLog the full attempt log including this attempt (JSON text)
     * @param nextAttemptAt when to try again (ignored unless {@code failed})
     * @param lastStatus the HTTP status, or 0
     * @param lastError the error, or {@code null}
     * @param at when the attempt ended
     */
    public record Attempt(
            String status, String attemptLog, Instant nextAttemptAt, int lastStatus, String lastError, Instant at) {}
}
