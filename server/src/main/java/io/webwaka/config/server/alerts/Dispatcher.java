package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Webhook;
import io.webwaka.config.store.WebhookDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one claimed delivery: renders it in its webhook's format, POSTs it with a timeout, and
 * records the attempt (time, HTTP status or error, duration) with the delivery's next state: 2xx is
 * {@code delivered}; 410 Gone (a Slack or other receiver that was removed), a deleted or disabled
 * webhook, or the last allowed attempt is {@code dead}; anything else is retried after {@code
 * baseDelay * 3^(attempt-1)}, capped, plus up to 20% jitter. Never logs the URL or the secret (a
 * Slack URL is a credential). Thread-safe.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int KEPT_ATTEMPTS = 50;
    private static final int MAX_ERROR = 300;

    private final ConfigStore store;
    private final Sealer sealer;
    private final ServerOptions.Webhooks options;
    private final String owner;
    private final Clock clock;
    private final Consumer<String> outcomes;
    private final HttpClient http;

    Dispatcher(
            ConfigStore store,
            Sealer sealer,
            ServerOptions.Webhooks options,
            String owner,
            Clock clock,
            Consumer<String> outcomes) {
        this.store = store;
        this.sealer = sealer;
        this.options = options;
        this.owner = owner;
        this.clock = clock;
        this.outcomes = outcomes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** How long a claimed delivery stays leased: one attempt with its timeout, and a margin. */
    Duration lease() {
        return options.timeout().multipliedBy(2).plusSeconds(30);
    }

    /** Sends one delivery this node leased; returns when its next attempt is due, if it will be retried. */
    Optional<Instant> send(WebhookDelivery d) {
        Optional<Webhook> hook = store.webhook(d.webhookId());
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        int status = 0;
        String error = null;
        if (hook.isEmpty() || !hook.get().enabled()) {
            error = "the webhook is " + (hook.isEmpty() ? "deleted" : "disabled");
        } else {
            try {
                status = post(hook.get(), d, start);
            } catch (IOException | RuntimeException e) {
                error = errorText(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted: the server is stopping";
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return record(d, hook.isPresent() && hook.get().enabled(), status, error, millis);
    }

    private int post(Webhook hook, WebhookDelivery d, Instant now) throws IOException, InterruptedException {
        Sealer.Opened target = sealer.open(hook.sealedKek(), hook.sealed());
        Formats.Rendered r = Formats.render(hook.format(), d.payload(), d.id(), target.secret(), now);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(options.timeout())
                .POST(HttpRequest.BodyPublishers.ofString(r.body()));
        r.headers().forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Optional<Instant> record(WebhookDelivery d, boolean live, int status, String error, long millis) {
        Instant now = clock.instant();
        int attempt = d.attempts() + 1;
        boolean ok = error == null && status >= 200 && status < 300;
        String state;
        if (ok) {
            state = "delivered";
        } else if (!live || status == 410 || attempt >= options.maxAttempts()) {
            state = "dead";
        } else {
            state = "failed";
        }
        Instant next = "failed".equals(state) ? now.plus(backoff(attempt)) : now;
        String problem = ok ? null : error != null ? error : "HTTP " + status;
        WebhookDelivery.Attempt a = new WebhookDelivery.Attempt(
                state, log(d, attempt, now, status, error, millis), next, status, problem, now);
        if (!store.recordWebhookAttempt(d.id(), owner, a)) {
            LOG.warn("webhook delivery {} was taken over by another node before its attempt was recorded", d.id());
            return Optional.empty();
        }
        outcomes.accept(state);
        if (!ok) {
            LOG.warn(
                    "webhook {} delivery {} attempt {} failed ({}); now {}{}",
                    d.webhookId(),
                    d.id(),
                    attempt,
                    problem,
                    state,
                    "failed".equals(state) ? ", next attempt at " + next : "");
        }
        return "failed".equals(state) ? Optional.of(next) : Optional.empty();
    }

    /** The delay after failed attempt {@code attempt} (from 1): base × 3^(attempt−1), capped, + 0–20%. */
    Duration backoff(int attempt) {
        long base = options.baseDelay().toMillis();
        long cap = options.maxDelay().toMillis();
        double raw = base * Math.pow(3, Math.min(attempt - 1, 30));
        long delay = (long) Math.min(cap, raw);
        return Duration.ofMillis(
                delay + (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private static String log(WebhookDelivery d, int attempt, Instant at, int status, String error, long millis) {
        ArrayNode log = (ArrayNode) Json.parseStored(d.attemptLog());
        ObjectNode a = log.addObject();
        a.put("attempt", attempt).put("at", at.toString());
        if (status > 0) {
            a.put("status", status);
        }
        if (error != null) {
            a.put("error", error);
        }
        a.put("durationMs", millis);
        while (log.size() > KEPT_ATTEMPTS) {
            log.remove(0);
        }
        return Json.write(log);
    }

    private static String errorText(Exception e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // A URL in a message could carry a Slack webhook's credential path: keep none.
        m = m.replaceAll("[A-Za-z][A-Za-z0-9+.-]*://\\S*", "<url>");
        return m.length() > MAX_ERROR ? m.substring(0, MAX_ERROR) : m;
    }
}
