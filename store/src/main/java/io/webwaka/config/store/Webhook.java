package io.webwaka.config.store;

import java.time.Instant;

/**
 * A registered alerting webhook (table {@code webhooks}). The store treats {@code events} and
 * {@code sealed} as opaque text: the server owns their JSON and the sealing of the URL and secret.
 *
 * @param id the id (0 for one not yet stored)
 * @param name a human name
 * @param urlDisplay the receiver's URL without path or query (safe to show)
 * @param format {@code generic}, {@code slack} or {@code pagerduty}
 * @param events the event filter (JSON text)
 * @param project the project it is scoped to, or {@code null} for all
 * @param environment the environment it is scoped to (needs a project), or {@code null} for all
 * @param sealed the URL and secret, wrapped by the master key
 * @param sealedKek the master key version that wrapped {@code sealed}
 * @param enabled whether events are queued for it
 * @param createdBy who registered it
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 */
public record Webhook(
        long id,
        String name,
        String urlDisplay,
        String format,
        String events,
        String project,
        String environment,
        String sealed,
        int sealedKek,
        boolean enabled,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}
