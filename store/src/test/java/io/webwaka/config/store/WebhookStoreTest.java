package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Webhooks and their delivery queue: the cursor moves by compare-and-set with the deliveries it
 * queues, one node wins each due delivery, attempts are recorded only by the lease holder, and
 * the queue survives reopening the store.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class WebhookStoreTest extends StoreFixture {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    WebhookStoreTest(StoreKind kind) {
        super(kind);
    }

    private long webhook() {
        return store.createWebhook(
                new Webhook(
                        0,
                        "ops",
                        "https://x.example",
                        "generic",
                        "{\"types\":[\"drift\"]}",
                        null,
                        null,
                        "sealed-blob",
                        1,
                        true,
                        "alice",
                        NOW,
                        NOW),
                audit("webhook.create", null));
    }

    private static WebhookDelivery.New delivery(long hook, String event) {
        return new WebhookDelivery.New(hook, event, "drift", NOW, "{\"id\":\"" + event + "\"}");
    }

    @Test
    void enqueue_movesTheCursorWithTheDeliveries_orNothingWhenAnotherNodeMovedItFirst() {
        long hook = webhook();
        long cursor = store.webhookCursor();

        assertThat(store.enqueueWebhookDeliveries(cursor, cursor + 5, List.of(delivery(hook, "e1")), NOW))
                .isTrue();
        assertThat(store.enqueueWebhookDeliveries(cursor, cursor + 9, List.of(delivery(hook, "e2")), NOW))
                .isFalse();

        assertThat(store.webhookCursor()).isEqualTo(cursor + 5);
        assertThat(store.webhookDeliveries(hook, Long.MAX_VALUE, 10))
                .extracting(WebhookDelivery::eventId)
                .containsExactly("e1");
        assertThat(store.openWebhookDeliveries()).isEqualTo(1);
    }

    @Test
    void claimDue_fromTwoStoresAtOnce_eachDeliveryGoesToExactlyOneNode_andOnlyItRecords() {
        long hook = webhook();
        store.enqueueWebhookDelivery(delivery(hook, "e1"), NOW);
        ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
        try (ConfigStore other = ConfigStore.open(settings, auditSettings())) {
            List<ConfigStore> nodes = List.of(store, other);
            Concurrently.run(
                    8,
                    thread -> nodes.get(thread % 2)
                            .claimDueWebhookDeliveries("node-" + thread, NOW, NOW.plus(LEASE), 10)
                            .forEach(d -> winners.add("node-" + thread)));
        }
        assertThat(winners).hasSize(1);
        long id = store.webhookDeliveries(hook, Long.MAX_VALUE, 1).get(0).id();
        WebhookDelivery.Attempt failed =
                new WebhookDelivery.Attempt("failed", "[{\"attempt\":1}]", NOW.plusSeconds(10), 500, "HTTP 500", NOW);

        assertThat(store.recordWebhookAttempt(id, "someone-else", failed)).isFalse();
        assertThat(store.recordWebhookAttempt(id, winners.peek(), failed)).isTrue();

        reopen();
        WebhookDelivery d = store.webhookDelivery(id).orElseThrow();
        assertThat(d.status()).isEqualTo("failed");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastStatus()).isEqualTo(500);
        assertThat(store.claimDueWebhookDeliveries("n", NOW, NOW.plus(LEASE), 10))
                .isEmpty();
        assertThat(store.claimDueWebhookDeliveries("n", NOW.plusSeconds(10), NOW.plus(LEASE), 10))
                .singleElement()
                .satisfies(x -> assertThat(x.attemptLog()).isEqualTo("[{\"attempt\":1}]"));
    }

    @Test
    void deleteWebhook_removesItsDeliveries_andUnknownWritesNothing() {
        long hook = webhook();
        store.enqueueWebhookDelivery(delivery(hook, "e1"), NOW);
        int events = auditCount();

        assertThat(store.deleteWebhook(hook, audit("webhook.delete", null))).isTrue();
        assertThat(store.deleteWebhook(hook, audit("webhook.delete", null))).isFalse();

        assertThat(store.webhook(hook)).isEmpty();
        assertThat(store.openWebhookDeliveries()).isZero();
        assertThat(auditCount()).isEqualTo(events + 1);
    }
}
