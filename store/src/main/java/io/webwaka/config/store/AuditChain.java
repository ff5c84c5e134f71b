package io.webwaka.config.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events to the hash chain inside the caller's write transaction: locks the chain
 * head, gives each event the next seq, its predecessor's hash and its own hash, writes periodic
 * checkpoints, and tells the {@link AuditListener} once the transaction has committed. The design
 * note is in the package documentation. Thread-safe (all state is in the database).
 */
final class AuditChain {
    private static final Logger LOG = LoggerFactory.getLogger(AuditChain.class);
    private static final int PAGE = 1_000;

    /** The row of {@code audit_head}. */
    record Head(long seq, String hash, long legacyThrough) {}

    private final boolean postgres;
    private final AuditChainSettings settings;

    AuditChain(boolean postgres, AuditChainSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    AuditChainSettings settings() {
        return settings;
    }

    /**
     * Appends one event. Call it after the transaction's other writes: it locks the chain head until
     * the transaction ends, and taking it last keeps the lock order (project, then head) the same
     * everywhere.
     */
    AuditRecord append(Handle h, AuditRecord event) {
        return appendAll(h, List.of(event)).get(0);
    }

    /** Appends events in order (see {@link #append}); returns them as stored. */
    List<AuditRecord> appendAll(Handle h, List<AuditRecord> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Head head = lockHead(h);
        long seq = head.seq();
        String prev = head.hash();
        List<AuditRecord> stored = new ArrayList<>(events.size());
        for (AuditRecord event : events) {
            seq++;
            AuditRecord chained = insert(h, storable(event), seq, prev);
            stored.add(chained);
            prev = chained.hash();
            if (seq % settings.checkpointInterval() == 0) {
                writeCheckpoint(h, seq, prev);
            }
            h.afterCommit(() -> tellListener(chained));
        }
        h.createUpdate("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")
                .bind(0, seq)
                .bind(1, prev)
                .execute();
        return stored;
    }

    /**
     * Signs the current chain head, unless a checkpoint at that seq exists already or there is no
     * key. Returns the checkpoint at the head, if there is one now.
     */
    Optional<AuditCheckpoint> checkpointHead(Handle h) {
        if (settings.key().isEmpty()) {
            return Optional.empty();
        }
        Head head = lockHead(h);
        if (head.seq() == 0) {
            return Optional.empty();
        }
        writeCheckpoint(h, head.seq(), head.hash());
        return AuditSql.checkpoint(h, head.seq());
    }

    /**
     * Hashes the events that migration V3 numbered (written before the chain existed), once: they
     * become seq 1 … n in id order, and the head records their hash. Later opens find nothing to do,
     * so an event slipped in afterwards without a hash is never adopted into the chain.
     *
     * @return how many events were chained
     */
    long chainLegacyEvents(Handle h) {
        Head head = lockHead(h);
        if (head.legacyThrough() == 0) {
            return 0;
        }
        String prev = AuditHashing.GENESIS;
        long after = 0;
        long chained = 0;
        while (after < head.legacyThrough()) {
            List<AuditRecord> page = AuditSql.chainPage(h, after, PAGE);
            if (page.isEmpty() || page.get(0).seq() > head.legacyThrough()) {
                break;
            }
            for (AuditRecord e : page) {
                if (e.seq() > head.legacyThrough()) {
                    break;
                }
                String hash = AuditHashing.chainHash(prev, e.chained(e.id(), e.seq(), prev, null));
                h.createUpdate("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?")
                        .bind(0, prev)
                        .bind(1, hash)
                        .bind(2, e.id())
                        .execute();
                prev = hash;
                after = e.seq();
                chained++;
            }
        }
        h.createUpdate("UPDATE audit_head SET hash = ?, legacy_through = 0 WHERE id = 1")
                .bind(0, prev)
                .execute();
        LOG.info("audit chain: hashed {} events written before the chain existed", chained);
        return chained;
    }

    private Head lockHead(Handle h) {
        // FOR UPDATE: writers on several nodes queue here, so seq is gapless and the order total.
        // SQLite has no row locks; its write transactions are already serialised (BEGIN IMMEDIATE).
        return h.createQuery("SELECT seq, hash, legacy_through FROM audit_head WHERE id = 1"
                        + (postgres ? " FOR UPDATE" : ""))
                .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .one();
    }

    private static AuditRecord insert(Handle h, AuditRecord e, long seq, String prev) {
        long id = h.createUpdate("INSERT INTO audit_events (at, actor, actor_auth, source, request_id, action, project,"
                        + " environment, item_key, outcome, before_value, after_value, revision, seq, prev_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, e.at().toEpochMilli())
                .bind(1, e.actor())
                .bind(2, e.actorAuth())
                .bind(3, e.source())
                .bind(4, e.requestId())
                .bind(5, e.action())
                .bind(6, e.project())
                .bind(7, e.environment())
                .bind(8, e.key())
                .bind(9, e.outcome())
                .bind(10, e.before())
                .bind(11, e.after())
                .bind(12, e.revision() == 0 ? null : e.revision())
                .bind(13, seq)
                .bind(14, prev)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        // The id is part of the hashed bytes, and the database assigns it: hash after the insert.
        String hash = AuditHashing.chainHash(prev, e.chained(id, seq, prev, null));
        h.createUpdate("UPDATE audit_events SET hash = ? WHERE id = ?")
                .bind(0, hash)
                .bind(1, id)
                .execute();
        return e.chained(id, seq, prev, hash);
    }

    private void writeCheckpoint(Handle h, long seq, String hash) {
        AuditKey key = settings.key().orElse(null);
        if (key == null) {
            return;
        }
        long at = System.currentTimeMillis();
        String hmac = key.signCheckpoint(AuditHashing.checkpointMessage(seq, hash, at, key.id()));
        h.createUpdate("INSERT INTO audit_checkpoints (seq, hash, at, key_id, hmac) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (seq) DO NOTHING")
                .bind(0, seq)
                .bind(1, hash)
                .bind(2, at)
                .bind(3, key.id())
                .bind(4, hmac)
                .execute();
    }

    /** The event as the database will return it: millisecond time, UTF-8-encodable text. */
    private static AuditRecord storable(AuditRecord e) {
        return new AuditRecord(
                0,
                Instant.ofEpochMilli(e.at().toEpochMilli()),
                AuditHashing.storable(e.actor()),
                AuditHashing.storable(e.actorAuth()),
                AuditHashing.storable(e.source()),
                AuditHashing.storable(e.requestId()),
                AuditHashing.storable(e.action()),
                AuditHashing.storable(e.project()),
                AuditHashing.storable(e.environment()),
                AuditHashing.storable(e.key()),
                AuditHashing.storable(e.outcome()),
                AuditHashing.storable(e.before()),
                AuditHashing.storable(e.after()),
                e.revision());
    }

    private void tellListener(AuditRecord event) {
        try {
            settings.listener().committed(event);
        } catch (RuntimeException e) {
            LOG.error("the audit listener failed on event seq {} (the event is committed)", event.seq(), e);
        }
    }
}
