package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.AuditProblem.Kind;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tampering with the audit log through SQL, on both stores: each way of changing, removing or
 * inserting events is caught and the verifier names the event. Twelve events, checkpoints at 5 and
 * 10; the attacker has the database but not the HMAC key.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuditTamperTest extends StoreFixture {
    private static final int EVENTS = 12;
    private static final String GARBAGE = "ab".repeat(32);

    private List<AuditRecord> original;

    AuditTamperTest(StoreKind kind) {
        super(kind);
    }

    @Override
    AuditChainSettings auditSettings() {
        return AuditChainSettings.signedWith(AuditChainStoreTest.KEY).checkpointEvery(5);
    }

    @BeforeEach
    void writeEvents() {
        for (int i = 1; i <= EVENTS; i++) {
            store.appendAudit(audit("config.set", "shop", "req-" + i));
        }
        original = all();
    }

    @Test
    void untouchedLog_verifies() {
        AuditVerification v = store.verifyAudit(n -> {});

        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(EVENTS);
        assertThat(v.headSeq()).isEqualTo(EVENTS);
        assertThat(v.checkpointsChecked()).isEqualTo(2);
    }

    @Test
    void fieldUpdated_isChanged_namingTheEvent() throws SQLException {
        exec("UPDATE audit_events SET actor = 'mallory' WHERE seq = 7");

        assertProblem(Kind.CHANGED, 7, idOf(7));
    }

    @Test
    void eventReplacedAndRehashed_isChanged_namingTheReplacedEvent() throws SQLException {
        AuditRecord e = original.get(6);
        AuditRecord forged = copy(e, "mallory");
        exec("UPDATE audit_events SET actor = 'mallory', hash = ? WHERE seq = 7", hash(e.prevHash(), forged));

        AuditProblem p = assertProblem(Kind.CHANGED, 7, idOf(7));
        assertThat(p.detail()).contains("replaced");
    }

    @Test
    void eventDeleted_isRemoved_namingTheMissingSeq() throws SQLException {
        exec("DELETE FROM audit_events WHERE seq = 7");

        AuditProblem p = assertProblem(Kind.REMOVED, 7, 0);
        assertThat(p.detail()).contains("seq 7 is missing", "seq 8");
    }

    @Test
    void eventDeletedAndLaterOnesRenumbered_isRemoved() throws SQLException {
        exec("DELETE FROM audit_events WHERE seq = 7");
        shiftSeqs(8, -1);
        exec("UPDATE audit_head SET seq = ?", EVENTS - 1);

        AuditProblem p = assertProblem(Kind.REMOVED, 7, 0);
        assertThat(p.detail()).contains("renumbered");
    }

    @Test
    void eventInsertedAndLinked_isInserted_namingIt() throws SQLException {
        shiftSeqs(7, +1);
        long forgedId = insertForged(7, original.get(5).hash());
        exec("UPDATE audit_head SET seq = ?", EVENTS + 1);

        assertProblem(Kind.INSERTED, 7, forgedId);
    }

    @Test
    void eventInsertedWithGarbageHashes_isInserted_namingIt() throws SQLException {
        shiftSeqs(7, +1);
        long forgedId = insertRow(7L, GARBAGE, GARBAGE);
        exec("UPDATE audit_head SET seq = ?", EVENTS + 1);

        assertProblem(Kind.INSERTED, 7, forgedId);
    }

    @Test
    void eventAppendedBehindTheStoresBack_isInserted() throws SQLException {
        long forgedId = insertForged(EVENTS + 1, original.get(EVENTS - 1).hash());

        AuditProblem p = assertProblem(Kind.INSERTED, EVENTS + 1, forgedId);
        assertThat(p.detail()).contains("beyond the chain head");
    }

    @Test
    void eventWithoutSeq_isInserted() throws SQLException {
        long forgedId = insertRow(null, null, null);

        AuditProblem p = assertProblem(Kind.INSERTED, 0, forgedId);
        assertThat(p.detail()).contains("no place in the chain");
    }

    @Test
    void tailCutPastACheckpoint_isTruncated_evenWithTheHeadMovedBack() throws SQLException {
        exec("DELETE FROM audit_events WHERE seq > 7");
        exec("UPDATE audit_head SET seq = 7, hash = ?", original.get(6).hash());

        AuditProblem p = assertProblem(Kind.TRUNCATED, 8, 0);
        assertThat(p.detail()).contains("ends at seq 7", "seq 10");
    }

    @Test
    void tailCutAfterTheLastCheckpoint_isRemoved_byTheChainHead() throws SQLException {
        exec("DELETE FROM audit_events WHERE seq > 10");

        AuditProblem p = assertProblem(Kind.REMOVED, 11, 0);
        assertThat(p.detail()).contains("ends at seq 10", "head is seq 12");
    }

    @Test
    void chainRewrittenWithRecomputedHashes_isRewritten_atTheNextCheckpoint() throws SQLException {
        String prev = original.get(0).hash();
        for (int i = 1; i < EVENTS; i++) {
            AuditRecord e = original.get(i);
            AuditRecord rewritten = i == 1 ? copy(e, "mallory") : e;
            String hash = hash(prev, rewritten);
            exec(
                    "UPDATE audit_events SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    rewritten.actor(),
                    prev,
                    hash,
                    e.seq());
            prev = hash;
        }
        exec("UPDATE audit_head SET hash = ?", prev);

        AuditProblem p = assertProblem(Kind.REWRITTEN, 5, idOf(5));
        assertThat(p.detail()).contains("checkpoint");
    }

    @Test
    void checkpointSignatureAltered_isCheckpointInvalid() throws SQLException {
        exec("UPDATE audit_checkpoints SET hmac = ? WHERE seq = 5", GARBAGE);

        assertProblem(Kind.CHECKPOINT_INVALID, 5, 0);
    }

    @Test
    void tailCutWithItsCheckpointsAndHead_isNotDetected_theDocumentedLimit() throws SQLException {
        exec("DELETE FROM audit_events WHERE seq > 10");
        exec("DELETE FROM audit_checkpoints WHERE seq > 10");
        exec("UPDATE audit_head SET seq = 10, hash = ?", original.get(9).hash());

        assertThat(store.verifyAudit(n -> {}).intact())
                .as("only the offsite copy of the file sink shows this")
                .isTrue();
    }

    private AuditProblem assertProblem(Kind kind, long seq, long id) {
        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as("verify must fail").isFalse();
        AuditProblem p = v.problem().orElseThrow();
        assertThat(p.kind()).as(p.detail()).isEqualTo(kind);
        assertThat(p.seq()).as(p.detail()).isEqualTo(seq);
        assertThat(p.id()).as(p.detail()).isEqualTo(id);
        assertThat(v.summary()).contains("TAMPERED", kind.label());
        return p;
    }

    private long idOf(long seq) {
        return original.get((int) seq - 1).id();
    }

    /** Moves events from {@code fromSeq} on by {@code by}, in two steps (seq is unique). */
    private void shiftSeqs(long fromSeq, int by) throws SQLException {
        exec("UPDATE audit_events SET seq = -seq WHERE seq >= ?", fromSeq);
        exec("UPDATE audit_events SET seq = ? - seq WHERE seq < 0", by);
    }

    /** Inserts a well-formed forged event at {@code seq} after {@code prev}, hashed as the store would. */
    private long insertForged(long seq, String prev) throws SQLException {
        long id = insertRow(seq, prev, null);
        AuditRecord forged = copy(original.get(0), "mallory").chained(id, seq, prev, null);
        exec("UPDATE audit_events SET hash = ? WHERE id = ?", hash(prev, forged), id);
        return id;
    }

    private long insertRow(Long seq, String prev, String hash) throws SQLException {
        AuditRecord e = original.get(0);
        exec(
                "INSERT INTO audit_events (at, actor, actor_auth, source, request_id, action, project, outcome, seq,"
                        + " prev_hash, hash) VALUES (?, 'mallory', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.at().toEpochMilli(),
                e.actorAuth(),
                e.source(),
                e.requestId(),
                e.action(),
                e.project(),
                e.outcome(),
                seq,
                prev,
                hash);
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM audit_events");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static AuditRecord copy(AuditRecord e, String actor) {
        return new AuditRecord(
                e.id(),
                e.at(),
                actor,
                e.actorAuth(),
                e.source(),
                e.requestId(),
                e.action(),
                e.project(),
                e.environment(),
                e.key(),
                e.outcome(),
                e.before(),
                e.after(),
                e.revision(),
                e.seq(),
                e.prevHash(),
                e.hash());
    }

    private static String hash(String prev, AuditRecord e) {
        return AuditHashing.chainHash(prev, e);
    }

    private List<AuditRecord> all() {
        List<AuditRecord> events = new ArrayList<>();
        store.exportAudit(AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL, events::add);
        return events;
    }

    private void exec(String sql, Object... params) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }
}
