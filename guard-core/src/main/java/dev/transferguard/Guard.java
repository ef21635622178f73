package dev.transferguard;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.internal.LogAccess;
import dev.transferguard.audit.internal.LogWriter;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.BundleAccess;
import dev.transferguard.policy.internal.CompiledBundle;
import dev.transferguard.policy.internal.CounterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides transfers under a policy bundle and keeps the volume counters.
 *
 * <pre>{@code
 * Guard guard = Guard.builder()
 *         .policies(Path.of("policies"))
 *         .audit(auditLog)                // optional: record every decision
 *         .build();
 * Decision d = guard.decide(transfer);   // or guard.enforce(transfer) to throw on denial
 * }</pre>
 *
 * <p>Thread-safe. A transfer that is allowed advances the counters of the packs that count it, so that the
 * next transfer is judged on the volume sent so far; a denied transfer does not.
 *
 * <p>With an {@linkplain Builder#audit(AuditLog) audit log}, every decision is recorded before it is
 * returned, and the counters are rebuilt from the allowed decisions in the log when the guard is built, so
 * that they survive restarts and agree with the audit trail. Subject ids are then counted by their
 * pseudonyms. When the log cannot record, the guard fails closed: the transfer is denied, and the
 * decision says why.
 */
public final class Guard {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    /** The pack named by the reason of a denial because the audit log could not record the decision. */
    public static final String AUDIT_PACK = "audit";
    /** The rule named by that reason. */
    public static final String UNRECORDED_RULE = "unrecorded";

    private final PolicyBundle policies;
    private final CompiledBundle compiled;
    /** Replaced (under {@link #counting}) when it must be rebuilt from the audit log. */
    private volatile CounterStore counters = new CounterStore();
    private final List<Transfer> history;
    private boolean recounted;
    /** Serialises reading and advancing counters, so that two transfers cannot both slip under a threshold. */
    private final ReentrantLock counting = new ReentrantLock();
    private final AuditLog audit;
    private final LogAccess.Hooks log;
    private final Caller caller;

    private Guard(Builder b) {
        this.policies = b.policies;
        this.compiled = BundleAccess.compiled(b.policies);
        this.audit = b.audit;
        this.log = b.audit == null ? null : LogAccess.of(b.audit);
        this.caller = b.caller;
        this.history = audit != null && compiled.counterCount() > 0 ? List.copyOf(b.history) : List.of();
        for (Transfer t : b.history) {
            compiled.record(t, counters);
        }
        if (audit != null && compiled.counterCount() > 0) {
            countFromLog(counters);
        }
    }

    /** Counts the allowed decisions already in the audit log, as they were counted when they were made. */
    private void countFromLog(CounterStore counters) {
        long counted = 0;
        long skipped = 0;
        try (Stream<AuditRecord> records = AuditReader.records(audit.directory(), audit.size())) {
            Iterator<AuditRecord> it = records.iterator();
            while (it.hasNext()) {
                AuditRecord r = it.next();
                if (r.kind() != AuditRecord.Kind.DECISION || !r.decision().allowed()) {
                    continue;
                }
                try {
                    // The stored ids are pseudonyms under the log's key, like the ids of live transfers below.
                    compiled.record(r.transfer(), counters);
                    counted++;
                } catch (InvalidTransferException e) {
                    // A name the current policies no longer declare: no counter of theirs can count it.
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            LOG.warn("{} allowed records of the audit log {} name terms the policies no longer declare and were"
                    + " not counted", skipped, audit.directory());
        }
        LOG.debug("counters rebuilt from {} allowed records of the audit log {}", counted, audit.directory());
    }

    /**
     * A builder; {@link Builder#policies(PolicyBundle)} or {@link Builder#policies(Path)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a transfer and, when it is allowed, counts it. With an audit log, the decision is recorded
     * first; if it cannot be, the answer is a denial whose reason ({@value #AUDIT_PACK}/{@value
     * #UNRECORDED_RULE}) says why.
     *
     * @param transfer the transfer
     * @return the decision
     * @throws InvalidTransferException if the transfer names a category, basis, jurisdiction or other name the
     *                                  policies do not declare
     */
    public Decision decide(Transfer transfer) {
        return decideAndRecord(transfer).decision;
    }

    /**
     * Decides a transfer and throws if it is denied.
     *
     * @param transfer the transfer
     * @return the allowing decision, with the obligations to carry out
     * @throws TransferDeniedException  if the transfer is denied, or the audit log could not record the decision
     *                                  (then its cause is the {@link AuditException}); it carries the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public Decision enforce(Transfer transfer) {
        Verdict v = decideAndRecord(transfer);
        if (!v.decision.allowed()) {
            TransferDeniedException denied = new TransferDeniedException(v.decision);
            if (v.unrecorded != null) {
                denied.initCause(v.unrecorded);
            }
            throw denied;
        }
        return v.decision;
    }

    /** A decision and, when the audit log could not record it, why. */
    private record Verdict(Decision decision, AuditException unrecorded) {
    }

    private Verdict decideAndRecord(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        if (log == null) {
            return new Verdict(decideUnaudited(transfer), null);
        }
        Transfer t;
        try {
            t = log.pseudonymise(transfer);
        } catch (AuditException e) {
            return unrecorded(policies.digest(), e);
        }
        LogWriter.Entry entry;
        Decision d;
        if (compiled.counterCount() == 0) {
            d = compiled.decide(t, counters);
            try {
                entry = log.submit(t, d, caller);
            } catch (AuditException e) {
                return unrecorded(d.policyDigest(), e);
            }
        } else {
            counting.lock();
            try {
                d = compiled.decide(t, counters);
                try {
                    entry = log.submit(t, d, caller);
                } catch (AuditException e) {
                    return unrecorded(d.policyDigest(), e);
                }
                // Counted once the record is queued, in queue order, and waited for outside the lock so that
                // other threads' records share its fsync. Should that write fail, the log refuses every later
                // record, and the counters are rebuilt from what it holds (recountFromLog).
                if (d.allowed()) {
                    compiled.record(t, counters);
                }
            } finally {
                counting.unlock();
            }
        }
        if (log.sync()) {
            try {
                entry.await();
            } catch (AuditException e) {
                if (d.allowed() && compiled.counterCount() > 0) {
                    recountFromLog();
                }
                return unrecorded(d.policyDigest(), e);
            }
        }
        return new Verdict(d, null);
    }

    /**
     * A record that was counted when it was queued could not be written: count again from what the log
     * holds, so that the counters never include a transfer the log does not. The log refuses every record
     * from now on, so nothing is counted meanwhile.
     */
    private void recountFromLog() {
        counting.lock();
        try {
            if (recounted) {
                return;
            }
            CounterStore fresh = new CounterStore();
            for (Transfer t : history) {
                compiled.record(t, fresh);
            }
            countFromLog(fresh);
            counters = fresh;
            recounted = true;
        } catch (AuditException e) {
            LOG.error("the counters could not be rebuilt from the audit log {}: {}", audit.directory(), e.getMessage());
        } finally {
            counting.unlock();
        }
    }

    private Decision decideUnaudited(Transfer transfer) {
        if (compiled.counterCount() == 0) {
            return compiled.decide(transfer, counters);
        }
        counting.lock();
        try {
            Decision d = compiled.decide(transfer, counters);
            if (d.allowed()) {
                compiled.record(transfer, counters);
            }
            return d;
        } finally {
            counting.unlock();
        }
    }

    private Verdict unrecorded(String policyDigest, AuditException e) {
        Reason reason = new Reason(AUDIT_PACK, UNRECORDED_RULE, Reason.Kind.DENY,
                "the audit log could not record the decision: " + e.getMessage(), audit.directory().toString());
        return new Verdict(new Decision(Outcome.DENY, List.of(), List.of(), List.of(reason), List.of(), policyDigest),
                e);
    }

    /**
     * Decides a transfer without counting or recording it: what {@link #decide(Transfer)} would answer now.
     *
     * @param transfer the transfer
     * @return the decision
     */
    public Decision preview(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        Transfer t = transfer;
        if (log != null && !transfer.subjects().ids().isEmpty()) {
            try {
                // The counters hold pseudonyms: compare like with like.
                t = log.pseudonymise(transfer);
            } catch (AuditException e) {
                t = transfer;
            }
        }
        counting.lock();
        try {
            return compiled.decide(t, counters);
        } finally {
            counting.unlock();
        }
    }

    /**
     * The policies this guard decides under.
     *
     * @return the bundle
     */
    public PolicyBundle policies() {
        return policies;
    }

    /** Configures a {@link Guard}; {@link #build()} ends. */
    public static final class Builder {
        private PolicyBundle policies;
        private final List<Transfer> history = new ArrayList<>();
        private AuditLog audit;
        private Caller caller = Caller.NONE;

        private Builder() {
        }

        /**
         * Sets the policies.
         *
         * @param policies a loaded bundle
         * @return this builder
         */
        public Builder policies(PolicyBundle policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
            return this;
        }

        /**
         * Loads the policies from a directory.
         *
         * @param directory the policy directory
         * @return this builder
         * @throws dev.transferguard.policy.PolicyException if the policies do not load
         */
        public Builder policies(Path directory) {
            return policies(PolicyBundle.load(directory));
        }

        /**
         * Adds earlier transfers to the volume counters, as if they had been allowed, before any decision.
         *
         * @param transfers earlier transfers, each with its date
         * @return this builder
         */
        public Builder history(Iterable<Transfer> transfers) {
            transfers.forEach(t -> history.add(Objects.requireNonNull(t, "history transfer")));
            return this;
        }

        /**
         * Records every decision in an audit log, and rebuilds the counters from the allowed decisions it
         * already holds. The guard does not close the log.
         *
         * @param log an open audit log
         * @return this builder
         */
        public Builder audit(AuditLog log) {
            this.audit = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Names the caller in every audit record, e.g. {@code Caller.service("billing")}.
         *
         * @param caller the caller
         * @return this builder
         */
        public Builder caller(Caller caller) {
            this.caller = Objects.requireNonNull(caller, "caller");
            return this;
        }

        /**
         * Builds the guard, rebuilding its counters from the audit log when there is one.
         *
         * @return the guard
         * @throws IllegalStateException    if no policies were set
         * @throws InvalidTransferException if a history transfer names something the policies do not declare
         * @throws AuditException           if the audit log cannot be read
         */
        public Guard build() {
            if (policies == null) {
                throw new IllegalStateException("Guard.builder() needs policies(...) before build()");
            }
            return new Guard(this);
        }
    }
}
