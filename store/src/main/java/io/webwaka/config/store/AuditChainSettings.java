package io.webwaka.config.store;

import java.util.Objects;
import java.util.Optional;

/**
 * How a store keeps its audit chain: the HMAC key that signs checkpoints (none: the chain is kept
 * and verified, but no checkpoint is written or checked), how many events lie between periodic
 * checkpoints, and who hears about committed events. Immutable; thread-safe.
 */
public final class AuditChainSettings {
    /** Events between periodic checkpoints unless set otherwise. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 1_000;

    private final AuditKey key;
    private final int checkpointInterval;
    private final AuditListener listener;

    private AuditChainSettings(AuditKey key, int checkpointInterval, AuditListener listener) {
        this.key = key;
        this.checkpointInterval = checkpointInterval;
        this.listener = listener;
    }

    /** No key: chained, but no checkpoints are written, and verification cannot check them. */
    public static AuditChainSettings unsigned() {
        return new AuditChainSettings(null, DEFAULT_CHECKPOINT_INTERVAL, AuditListener.NONE);
    }

    /** Checkpoints signed with {@code key}, every {@value #DEFAULT_CHECKPOINT_INTERVAL} events. */
    public static AuditChainSettings signedWith(AuditKey key) {
        return new AuditChainSettings(
                Objects.requireNonNull(key, "key"), DEFAULT_CHECKPOINT_INTERVAL, AuditListener.NONE);
    }

    /**
     * A copy that writes a checkpoint whenever an event's seq is a multiple of {@code events}.
     *
     * @throws IllegalArgumentException if {@code events < 1}
     */
    public AuditChainSettings checkpointEvery(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("the checkpoint interval must be at least 1, was " + events);
        }
        return new AuditChainSettings(key, events, listener);
    }

    /** A copy that tells {@code newListener} about every committed event. */
    public AuditChainSettings notifying(AuditListener newListener) {
        return new AuditChainSettings(key, checkpointInterval, Objects.requireNonNull(newListener, "listener"));
    }

    /** The checkpoint key, if any. */
    public Optional<AuditKey> key() {
        return Optional.ofNullable(key);
    }

    /** Events between periodic checkpoints. */
    public int checkpointInterval() {
        return checkpointInterval;
    }

    /** Who hears about committed events. */
    public AuditListener listener() {
        return listener;
    }
}
