package dev.transferguard;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.DecisionRecorder;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.internal.EngineDecision;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, records and counts transfers under the policies in force: the one holder of the decision lock and
 * of the {@linkplain PolicySnapshot snapshot} that a reload swaps in.
 *
 * <p>A transfer is decided and counted under the lock when the policies count, so that two transfers cannot
 * both slip under a threshold; the record is queued under it too, so that queue order is counting order, and
 * awaited outside it, so that records share an fsync. A reload builds its counters outside the lock
 * and only swaps them in under it ({@link #takeOver}).
 */
final class DecisionPath {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /**
     * A decision, the transfer as decided (its subject ids pseudonymised once, by the recorder when there is one)
     * and, when the audit log could not record it or the counter store could not count it, why: an
     * {@link AuditException} or a {@link dev.transferguard.counters.CounterStoreException}.
     */
    record Verdict(Transfer transfer, Decision decision, RuntimeException failed) {
    }

    private final DecisionRecorder audit;
    private final CounterReplay replay;
    private final DecisionListener[] listeners;
    private final Clock clock;
    /** Serialises reading and advancing counters, and swaps of the snapshot. */
    private final ReentrantLock counting = new ReentrantLock();
    private volatile PolicySnapshot current;
    /** The snapshot whose counters were last rebuilt after a failed write; guarded by {@link #counting}. */
    private PolicySnapshot recounted;
    /** The record of the last transfer counted under the lock; guarded by {@link #counting}. */
    private DecisionRecorder.Recording lastCounted;
    /** The rebuild of a reload in progress, told of every transfer counted meanwhile; guarded by {@link #counting}. */
    private CounterRebuild rebuild;
    /** Whether {@link #rebuild} is set: read without the lock by decisions under policies that count nothing. */
    private volatile boolean rebuilding;
    /** Serialises reloads: one rebuild at a time. */
    private final Object reloads = new Object();
    /** The epoch day the counters last forgot the days their windows have left. */
    private volatile long forgotOn = Long.MIN_VALUE;

    DecisionPath(PolicySnapshot initial, DecisionRecorder audit, CounterReplay replay,
            List<DecisionListener> listeners, Clock clock) {
        this.current = initial;
        this.audit = audit;
        this.replay = replay;
        this.listeners = listeners.toArray(new DecisionListener[0]);
        this.clock = clock;
    }

    /**
     * A decision that is acted on or kept as evidence is about now: the transfer's date is the caller's word, and
     * a transfer dated before a rule took effect, or next year, would escape the rule or this year's counters. A
     * day either side allows for the caller's time zone.
     */
    private void requireToday(Transfer transfer) {
        long today = Math.floorDiv(clock.millis(), MILLIS_PER_DAY);
        long day = transfer.date().toEpochDay();
        if (day < today - 1 || day > today + 1) {
            throw new InvalidTransferException("\"date\" must be today (" + LocalDate.ofEpochDay(today)
                    + ", give or take a day) for a decision that is enforced or recorded, was " + transfer.date()
                    + "; preview it, or check it without an audit log, to ask about another day", "date");
        }
    }

    PolicySnapshot current() {
        return current;
    }

    /**
     * Decides, records and counts a transfer, and tells the listeners.
     *
     * @param live          whether the decision is acted on (enforced); a recorded one is live too
     * @param pseudonymised whether the transfer's ids are already the recorder's pseudonyms (a guarded call's
     *                      outbound check decides the call's transfer again): they are not pseudonymised twice
     * @throws InvalidTransferException if a live decision's transfer is not dated today by the guard's clock
     */
    Verdict decide(Transfer transfer, Caller who, boolean live, boolean pseudonymised) {
        if (live || audit != null) {
            requireToday(transfer);
        }
        if (listeners.length == 0) {
            return decideRecordAndCount(transfer, who, pseudonymised);
        }
        long start = System.nanoTime();
        Verdict v = decideRecordAndCount(transfer, who, pseudonymised);
        long nanos = System.nanoTime() - start;
        for (DecisionListener l : listeners) {
            try {
                // The transfer as decided: listeners see pseudonyms, never the ids a recorder pseudonymised.
                l.decided(v.transfer, v.decision, nanos);
            } catch (RuntimeException e) {
                LOG.warn("Decision listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
        return v;
    }

    private Verdict decideRecordAndCount(Transfer transfer, Caller who, boolean pseudonymised) {
        if (audit == null) {
            return decideUnaudited(transfer);
        }
        PolicySnapshot s = current;
        Transfer t;
        try {
            t = pseudonymised ? transfer : audit.pseudonymise(transfer);
        } catch (AuditException e) {
            return unrecorded(withoutIds(transfer), s.digest(), e);
        }
        DecisionRecorder.Recording entry;
        Decision d;
        boolean counted;
        RuntimeException failed = null;
        if (!s.counts()) {
            d = s.decide(t);
            try {
                entry = audit.record(t, d, who);
            } catch (AuditException e) {
                return unrecorded(t, d.policyDigest(), e);
            }
            counted = d.allowed() && (rebuilding || current != s) && countLate(t, s);
        } else {
            counting.lock();
            try {
                // A reload swaps the snapshot under this lock: read it again, as one.
                s = current;
                boolean shared = !s.counters().rebuiltFromAudit();
                if (shared) {
                    // Counted and settled before the record is queued: see SharedCounts.
                    PolicySnapshot decidedUnder = s;
                    Verdict v = SharedCounts.decide(s, t, allowed -> countLocked(decidedUnder, allowed));
                    d = v.decision();
                    failed = v.failed();
                } else {
                    d = s.decide(t);
                }
                try {
                    entry = audit.record(t, d, who);
                } catch (AuditException e) {
                    return unrecorded(t, d.policyDigest(), e);
                }
                // Counted once the record is queued, in queue order. Should its write fail, the log refuses every
                // later record, and the counters are rebuilt from what it holds (recount).
                counted = !shared && d.allowed() && s.counts();
                if (counted) {
                    countLocked(s, t);
                    lastCounted = entry;
                }
            } finally {
                counting.unlock();
            }
        }
        if (audit.waitsForDurability()) {
            try {
                entry.await();
            } catch (AuditException e) {
                if (counted) {
                    recount();
                }
                return unrecorded(t, d.policyDigest(), e);
            }
        }
        if (counted) {
            forgetOnANewDay(t);
        }
        return new Verdict(t, d, failed);
    }

    /**
     * The transfer as the guard decides it: with an audit recorder, its ids pseudonymised once by the recorder;
     * without, as given.
     *
     * @throws AuditException if the recorder cannot pseudonymise ids
     */
    Transfer pseudonymise(Transfer transfer) {
        return audit == null ? transfer : audit.pseudonymise(transfer);
    }

    /** A transfer whose ids could not be pseudonymised, as it may still be shown: counted, not identified. */
    private static Transfer withoutIds(Transfer t) {
        Subjects s = t.subjects();
        if (s.ids().isEmpty()) {
            return t;
        }
        return new Transfer(t.action(), t.date(), t.origin(), t.destination(), t.categories(),
                new Subjects(s.residence(), s.citizenship(), s.count(), List.of()), t.entity(), t.recipient(),
                t.transaction(), t.purpose(), t.bases());
    }

    /**
     * Counts a transfer allowed under policies that count nothing, recorded while a reload rebuilds counters or
     * after it swapped in policies that count: the new counters must not miss it. Its record may lie below the
     * rebuild's mark too and then count twice: too many, never too few.
     */
    private boolean countLate(Transfer t, PolicySnapshot decidedUnder) {
        counting.lock();
        try {
            PolicySnapshot s = current;
            if (s == decidedUnder && rebuild == null) {
                return false;
            }
            SharedCounts.countDecided(s, t, late -> countLocked(s, late));
            return s.counts();
        } finally {
            counting.unlock();
        }
    }

    /** Counts an allowed transfer in the counters in force, and in those a reload is rebuilding. */
    private void countLocked(PolicySnapshot s, Transfer t) {
        if (s.counts()) {
            s.count(t);
        }
        if (rebuild != null) {
            rebuild.counted(t);
        }
    }

    private Verdict decideUnaudited(Transfer transfer) {
        PolicySnapshot s = current;
        if (!s.counts()) {
            return new Verdict(transfer, s.decide(transfer), null);
        }
        Decision d;
        counting.lock();
        try {
            s = current;
            if (!s.counters().rebuiltFromAudit()) {
                PolicySnapshot decidedUnder = s;
                return SharedCounts.decide(s, transfer, allowed -> countLocked(decidedUnder, allowed));
            }
            d = s.decide(transfer);
            if (!d.allowed() || !s.counts()) {
                return new Verdict(transfer, d, null);
            }
            countLocked(s, transfer);
        } finally {
            counting.unlock();
        }
        forgetOnANewDay(transfer);
        return new Verdict(transfer, d, null);
    }

    /** Decides without counting or recording, against the counters as they stand. */
    Decision preview(Transfer transfer) {
        Transfer t = transfer;
        if (audit != null && !transfer.subjects().ids().isEmpty()) {
            try {
                // The counters hold pseudonyms: compare like with like.
                t = audit.pseudonymise(transfer);
            } catch (AuditException e) {
                t = transfer;
            }
        }
        // A decision that reads no counter holds whatever they hold: it needs neither the lock nor the store.
        Decision kept = current.keptWithoutCounters(t);
        if (kept != null) {
            return kept;
        }
        counting.lock();
        try {
            return SharedCounts.preview(current, t);
        } finally {
            counting.unlock();
        }
    }

    /**
     * A record that was counted when it was queued could not be written: count again from what the log holds,
     * so that the counters never include a transfer the log does not. The log refuses every record from now
     * on, so nothing is counted meanwhile. A store shared with other processes keeps its counts: too many,
     * never too few.
     */
    void recount() {
        counting.lock();
        try {
            PolicySnapshot s = current;
            if (s == recounted) {
                return;
            }
            if (s.counters().rebuiltFromAudit()) {
                s = s.withCounters(replay.rebuild(s, CounterReplay.ALL));
                current = s;
            }
            recounted = s;
        } catch (AuditException e) {
            LOG.error("the counters could not be rebuilt from the audit log {}: {}", audit.location(), e.getMessage());
        } finally {
            counting.unlock();
        }
    }

    /**
     * Puts new policies in force without stalling decisions. When their counters are rebuilt from the audit
     * log, the log is replayed outside the lock up to a mark, while decisions go on under the policies in
     * force; then, briefly under the lock, the transfers counted since the mark are added and the snapshot is
     * swapped. Every allowed record lies below the mark or among those transfers, so nothing is missed. Stores
     * shared with other processes are kept as they are.
     *
     * @throws AuditException if the log cannot be read; the policies in force stay
     */
    void takeOver(PolicySnapshot next) {
        synchronized (reloads) {
            if (!replay.rebuilds(next, current.counters())) {
                swap(s -> next.withCounters(s.counters()));
                return;
            }
            if (audit == null) {
                // History alone: quick, no log to wait for.
                CounterStore fresh = replay.rebuild(next, CounterReplay.ALL);
                swap(s -> next.withCounters(fresh));
                return;
            }
            CounterRebuild r = new CounterRebuild();
            try {
                long mark = r.mark(audit, startRebuild(r));
                CounterStore replayed = mark < 0 ? null : replayUpTo(next, mark);
                swap(s -> {
                    if (replayed == null || s == recounted) {
                        // No mark, or a write failed meanwhile (and the log refuses records): count what the log
                        // holds, holding decisions.
                        return next.withCounters(replay.rebuild(next, CounterReplay.ALL));
                    }
                    replay.count(next, replayed, r.meanwhile());
                    return next.withCounters(replayed);
                });
            } finally {
                endRebuild(r);
            }
        }
    }

    /** The counters replayed up to a mark, or {@code null} when the recorder cannot stop at one. */
    private CounterStore replayUpTo(PolicySnapshot next, long mark) {
        try {
            return replay.rebuild(next, mark);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** Tells {@code r} of every transfer counted from now on; what was counted before lies below its mark. */
    private CounterRebuild.Start startRebuild(CounterRebuild r) {
        counting.lock();
        try {
            rebuild = r;
            rebuilding = true;
            return new CounterRebuild.Start(lastCounted, current.counts(), audit.size());
        } finally {
            counting.unlock();
        }
    }

    private void endRebuild(CounterRebuild r) {
        counting.lock();
        try {
            if (rebuild == r) {
                rebuild = null;
                rebuilding = false;
            }
        } finally {
            counting.unlock();
        }
    }

    /** Replaces the snapshot in force by what {@code next} makes of it, under the lock. */
    private void swap(UnaryOperator<PolicySnapshot> next) {
        PolicySnapshot s;
        counting.lock();
        try {
            s = next.apply(current);
            current = s;
            if (rebuild != null) {
                rebuild = null;
                rebuilding = false;
            }
        } finally {
            counting.unlock();
        }
        long day = forgotOn;
        if (day != Long.MIN_VALUE) {
            // Replayed counters hold the days live traffic already forgot.
            forget(s, LocalDate.ofEpochDay(day));
        }
    }

    /**
     * Once a day, when live traffic (a transfer dated today by the clock) was counted, forgets what every
     * counter's window has left. Transfers dated otherwise are what-ifs and do not trigger it: forgetting by
     * the clock would under-count a guard that decides the past.
     */
    private void forgetOnANewDay(Transfer t) {
        long today = Math.floorDiv(clock.millis(), MILLIS_PER_DAY);
        if (today == forgotOn || t.date().toEpochDay() != today) {
            return;
        }
        synchronized (this) {
            if (today == forgotOn) {
                return;
            }
            forgotOn = today;
        }
        forget(current, LocalDate.ofEpochDay(today));
    }

    /**
     * Forgets the days before every window of today. A store shared with other processes is told too: it keeps
     * what the windows of any guard sharing it still read (see its documentation), and a failure to forget
     * changes no count.
     */
    private static void forget(PolicySnapshot s, LocalDate today) {
        if (!s.counts()) {
            return;
        }
        try {
            s.forget(s.counters(), today);
        } catch (CounterStoreException e) {
            LOG.warn("the counter store {} could not forget the days every window has left: {}", e.store(),
                    e.getMessage());
        }
    }

    /** A denial because the audit log could not record the decision. */
    Verdict unrecorded(Transfer decided, String policyDigest, AuditException e) {
        Reason reason = new Reason(Guard.AUDIT_PACK, Guard.UNRECORDED_RULE, Reason.Kind.DENY,
                "the audit log could not record the decision: " + e.getMessage(), audit.location());
        return new Verdict(decided, EngineDecision.denial(reason, policyDigest), e);
    }
}
