package io.webwaka.config.store;

import io.webwaka.config.store.AuditProblem.Kind;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Walks the audit chain from seq 1 and stops at the first event where it does not hold.
 *
 * <p>Design note. The position of the first break is exact: every event before it links to its
 * predecessor, hashes to its stored hash, and matches every checkpoint at its seq. <i>What</i>
 * happened there is the most specific explanation the evidence supports: a seq gap is a removal;
 * an event the next one skips (it links to our chain hash) is an insertion; an event that links
 * correctly but hashes differently was edited; an event that links to an earlier event's hash
 * makes the events in between insertions; an untouched event (it hashes correctly with its own
 * link) whose link is not our chain hash means its predecessor was replaced and re-hashed; an event
 * that would hash correctly with a higher seq was renumbered after a removal. After the walk, signed
 * checkpoints beyond the last event prove a truncated tail, and {@code audit_head} (which the store
 * updates with every append) catches a tail cut or extended behind the store's back.
 *
 * <p>Events are read in pages of {@value #PAGE} in separate statements, so a long walk never holds
 * a transaction open; events committed during the walk are walked too (the head only grows).
 * Single-threaded: one instance per walk.
 */
final class AuditVerifier {
    /** Events per read. */
    static final int PAGE = 1_000;

    /** Progress is reported every this many events. */
    static final int PROGRESS_EVERY = 10_000;

    private static final int WINDOW = 1_000;
    private static final int MAX_RENUMBER = 3;
    private static final int MAX_ROUNDS = 10;

    /** What the verifier reads, each call in its own statement. */
    interface Source {
        List<AuditCheckpoint> checkpoints();

        AuditChain.Head head();

        Optional<AuditRecord> unchained();

        List<AuditRecord> page(long afterSeq, int limit);
    }

    private record Accepted(long seq, long id, String hash) {}

    private final Source source;
    private final AuditKey key;
    private final LongConsumer progress;
    private final Map<Long, AuditCheckpoint> checkpoints = new HashMap<>();
    private final ArrayDeque<Accepted> window = new ArrayDeque<>();
    private String chain = AuditHashing.GENESIS;
    private long expected = 1;
    private long walked;
    private int checked;
    private AuditCheckpoint lastCheckpoint;

    /**
     * @param key the checkpoint key, or {@code null} to compare checkpoints without their signatures
     */
    AuditVerifier(Source source, AuditKey key, LongConsumer progress) {
        this.source = source;
        this.key = key;
        this.progress = progress;
    }

    AuditVerification run() {
        // Checkpoints first: each one covers an event committed before it, so the walk will see it.
        List<AuditCheckpoint> all = source.checkpoints();
        all.forEach(c -> checkpoints.put(c.seq(), c));
        AuditProblem problem = source.unchained()
                .map(e -> problem(
                        Kind.INSERTED, e, "has no place in the chain (no seq or hash): the store did not write it"))
                .orElse(null);
        if (problem == null) {
            problem = walk();
        }
        if (problem == null) {
            problem = checkTail(all);
        }
        return new AuditVerification(walked, expected - 1, chain, checked, lastCheckpoint, key != null, problem);
    }

    private AuditProblem walk() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Cursor cursor = new Cursor(source, expected - 1);
            boolean any = false;
            while (cursor.hasNext()) {
                any = true;
                AuditProblem problem = check(cursor.next(), cursor);
                if (problem != null) {
                    return problem;
                }
            }
            // Events committed while we walked: go on until we reach the head.
            if (!any || source.head().seq() <= expected - 1) {
                return null;
            }
        }
        return null;
    }

    private AuditProblem check(AuditRecord r, Cursor cursor) {
        if (r.seq() == expected) {
            boolean links = chain.equals(r.prevHash());
            if (links && AuditHashing.chainHash(chain, r).equals(r.hash())) {
                return accept(r);
            }
            return explain(r, links, cursor);
        }
        if (r.seq() > source.head().seq()) {
            return beyondHead(r);
        }
        String missing = "seq " + expected + (r.seq() - expected > 1 ? " to " + (r.seq() - 1) : "");
        return new AuditProblem(
                Kind.REMOVED,
                expected,
                0,
                "event " + missing + " is missing: after " + (expected == 1 ? "the start" : "seq " + (expected - 1))
                        + " comes " + describe(r));
    }

    private AuditProblem explain(AuditRecord r, boolean links, Cursor cursor) {
        if (r.seq() > source.head().seq()) {
            return beyondHead(r);
        }
        AuditRecord next = cursor.peek();
        if (next != null && next.seq() == r.seq() + 1 && chain.equals(next.prevHash())) {
            return problem(
                    Kind.INSERTED,
                    r,
                    "is not part of the chain: the event after it, seq " + next.seq() + ", links past it");
        }
        if (links) {
            return problem(Kind.CHANGED, r, "no longer matches its hash: its fields were edited after it was written");
        }
        Accepted inserted = successorOf(r.prevHash());
        if (inserted != null) {
            return new AuditProblem(
                    Kind.INSERTED,
                    inserted.seq(),
                    inserted.id(),
                    "event seq " + inserted.seq() + " (id " + inserted.id() + ") was inserted: " + describe(r)
                            + " links to seq " + (inserted.seq() - 1) + ", so seq " + inserted.seq()
                            + (expected - 1 > inserted.seq() ? " to " + (expected - 1) : "")
                            + " were not in the chain it was written into");
        }
        if (AuditHashing.chainHash(r.prevHash(), r).equals(r.hash())) {
            return replacedPredecessor(r);
        }
        for (int shift = 1; shift <= MAX_RENUMBER; shift++) {
            if (AuditHashing.chainHash(r.prevHash(), renumbered(r, r.seq() + shift))
                    .equals(r.hash())) {
                return new AuditProblem(
                        Kind.REMOVED,
                        r.seq(),
                        0,
                        shift + (shift == 1 ? " event" : " events") + " before " + describe(r)
                                + " were removed and the later events renumbered: it was written as seq "
                                + (r.seq() + shift));
            }
        }
        return problem(
                Kind.CHANGED,
                r,
                "no longer matches its hash: its fields and its link to the previous event were edited");
    }

    /** {@code r} is untouched, but the event before it is not the one it was chained to. */
    private AuditProblem replacedPredecessor(AuditRecord r) {
        Accepted previous = window.peekLast();
        if (previous == null) {
            return new AuditProblem(
                    Kind.REMOVED,
                    1,
                    0,
                    "events before " + describe(r) + " were removed: it links to an event the log no longer has");
        }
        return new AuditProblem(
                Kind.CHANGED,
                previous.seq(),
                previous.id(),
                "event seq " + previous.seq() + " (id " + previous.id() + ") was replaced and its hash recomputed: "
                        + describe(r) + " still links to the original");
    }

    private AuditProblem beyondHead(AuditRecord r) {
        return problem(
                Kind.INSERTED,
                r,
                "lies beyond the chain head the store recorded (seq "
                        + source.head().seq() + "): the store did not write it");
    }

    private AuditProblem accept(AuditRecord r) {
        chain = r.hash();
        expected++;
        walked++;
        window.addLast(new Accepted(r.seq(), r.id(), r.hash()));
        if (window.size() > WINDOW) {
            window.removeFirst();
        }
        if (walked % PROGRESS_EVERY == 0) {
            progress.accept(walked);
        }
        AuditCheckpoint c = checkpoints.get(r.seq());
        if (c == null) {
            return null;
        }
        if (key != null && !signatureValid(c)) {
            return invalid(c);
        }
        if (!c.hash().equals(r.hash())) {
            return problem(
                    Kind.REWRITTEN,
                    r,
                    "does not match the checkpoint written " + c.at() + " at its seq (the chain hashes to " + r.hash()
                            + ", the checkpoint records " + c.hash() + "): the events up to it were rewritten");
        }
        checked++;
        lastCheckpoint = c;
        return null;
    }

    private AuditProblem checkTail(List<AuditCheckpoint> all) {
        long end = expected - 1;
        for (AuditCheckpoint c : all) {
            if (c.seq() > end) {
                if (key != null && !signatureValid(c)) {
                    return invalid(c);
                }
                return new AuditProblem(
                        Kind.TRUNCATED,
                        end + 1,
                        0,
                        "the log ends at seq " + end + ", but the checkpoint written " + c.at() + " records seq "
                                + c.seq() + ": events seq " + (end + 1) + " to " + c.seq() + " were removed");
            }
        }
        AuditChain.Head head = source.head();
        if (head.seq() > end && source.page(end, 1).isEmpty()) {
            return new AuditProblem(
                    Kind.REMOVED,
                    end + 1,
                    0,
                    "the log ends at seq " + end + ", but the store's chain head is seq " + head.seq() + ": events seq "
                            + (end + 1) + " to " + head.seq() + " were removed");
        }
        if (head.seq() < end) {
            return beyondHead(source.page(head.seq(), 1).get(0));
        }
        if (head.seq() == end && !head.hash().equals(chain)) {
            Accepted last = window.peekLast();
            return new AuditProblem(
                    Kind.REWRITTEN,
                    end,
                    last == null ? 0 : last.id(),
                    "the store's chain head at seq " + end + " records hash " + head.hash()
                            + ", but the events hash to " + chain + ": events were rewritten, or the head was changed");
        }
        return null;
    }

    private boolean signatureValid(AuditCheckpoint c) {
        return key.id().equals(c.keyId())
                && key.checkpointSignatureMatches(
                        AuditHashing.checkpointMessage(c.seq(), c.hash(), c.at().toEpochMilli(), c.keyId()), c.hmac());
    }

    private AuditProblem invalid(AuditCheckpoint c) {
        String why = key.id().equals(c.keyId())
                ? "its signature does not match: it was forged or altered"
                : "it is signed with key id " + c.keyId() + ", not with this key (id " + key.id()
                        + "): it was forged, or a server ran with another audit key";
        return new AuditProblem(
                Kind.CHECKPOINT_INVALID,
                c.seq(),
                0,
                "the checkpoint at seq " + c.seq() + " written " + c.at() + ": " + why);
    }

    /** The accepted event right after the one with {@code hash}, if {@code hash} is in the window. */
    private Accepted successorOf(String hash) {
        Iterator<Accepted> it = window.iterator();
        while (it.hasNext()) {
            if (it.next().hash().equals(hash)) {
                return it.hasNext() ? it.next() : null;
            }
        }
        return null;
    }

    private static AuditRecord renumbered(AuditRecord r, long seq) {
        return r.chained(r.id(), seq, r.prevHash(), r.hash());
    }

    private static AuditProblem problem(Kind kind, AuditRecord r, String what) {
        return new AuditProblem(kind, r.seq(), r.id(), "event " + describe(r) + " " + what);
    }

    /** {@code seq 42 (id 42: config.set by alice at 2025-01-31T12:00:00Z)}. */
    static String describe(AuditRecord r) {
        return "seq " + r.seq() + " (id " + r.id() + ": " + r.action() + " by " + r.actor() + " at " + r.at() + ")";
    }

    /** Pages through the chain from a seq, with one event of look-ahead. */
    private static final class Cursor {
        private final Source source;
        private long after;
        private List<AuditRecord> page = List.of();
        private int index;
        private boolean exhausted;

        Cursor(Source source, long after) {
            this.source = source;
            this.after = after;
        }

        boolean hasNext() {
            fill();
            return index < page.size();
        }

        AuditRecord next() {
            fill();
            return page.get(index++);
        }

        /** The event {@link #next()} would return, or {@code null} at the end. */
        AuditRecord peek() {
            return hasNext() ? page.get(index) : null;
        }

        private void fill() {
            if (index < page.size() || exhausted) {
                return;
            }
            List<AuditRecord> fetched = source.page(after, PAGE);
            if (fetched.isEmpty()) {
                exhausted = true;
                return;
            }
            page = fetched;
            index = 0;
            after = fetched.get(fetched.size() - 1).seq();
        }
    }
}
