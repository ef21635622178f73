package dev.transferguard;

import dev.transferguard.audit.DecisionRecorder;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the past into a counter store: the history the guard was built with, then the allowed decisions of
 * its audit log. The one way counters are rebuilt, at build, at a reload and after a failed write.
 */
final class CounterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    /** A mark meaning every durable record of the log. */
    static final long ALL = Long.MAX_VALUE;

    private final List<Transfer> history;
    private final DecisionRecorder audit;

    CounterReplay(List<Transfer> history, DecisionRecorder audit) {
        this.history = List.copyOf(history);
        this.audit = audit;
    }

    /**
     * Whether counters in {@code store} are rebuilt when these policies take over: the policies count, the
     * store lives in this process alone, and there is a past to count.
     */
    boolean rebuilds(PolicySnapshot policies, CounterStore store) {
        return policies.counts() && store.rebuiltFromAudit() && (audit != null || !history.isEmpty());
    }

    /** Whether the audit log's records count in {@code store}, so that it is rebuilt from them. */
    boolean fromLog(PolicySnapshot policies, CounterStore store) {
        return audit != null && policies.counts() && store.rebuiltFromAudit();
    }

    /**
     * Counts the past into the counters a guard starts with: the history always, the log's allowed decisions
     * when the store is rebuilt from it.
     */
    void start(PolicySnapshot policies) {
        history(policies, policies.counters());
        if (fromLog(policies, policies.counters())) {
            log(policies, policies.counters(), ALL);
        }
    }

    /** Counts the history into a store, settling each transfer as a decision settles its own. */
    void history(PolicySnapshot policies, CounterStore store) {
        for (Transfer t : history) {
            boolean counted = false;
            try {
                policies.countIn(t, store);
                counted = true;
            } finally {
                store.settle(counted);
            }
        }
    }

    /**
     * A new in-memory store holding the history and the allowed decisions among the first {@code upTo} records
     * of the log.
     */
    CounterStore rebuild(PolicySnapshot policies, long upTo) {
        CounterStore fresh = new InMemoryCounterStore();
        history(policies, fresh);
        if (audit != null) {
            log(policies, fresh, upTo);
        }
        return fresh;
    }

    /**
     * Counts the allowed decisions among the first {@code upTo} records of the audit log ({@link #ALL} for every
     * durable one), as they were counted when they were made.
     */
    void log(PolicySnapshot policies, CounterStore store, long upTo) {
        Tally tally = new Tally(policies, store);
        if (upTo == ALL) {
            audit.replayAllowed(tally);
        } else {
            audit.replayAllowed(tally, upTo);
        }
        tally.report("allowed records of the audit log " + audit.location());
    }

    /** Counts allowed transfers the log holds beyond a replay's mark into its store. */
    void count(PolicySnapshot policies, CounterStore store, List<Transfer> transfers) {
        Tally tally = new Tally(policies, store);
        transfers.forEach(tally);
        tally.report("transfers allowed while the audit log " + audit.location() + " was replayed");
    }

    /** Counts transfers of the past, skipping those the policies cannot count. */
    private static final class Tally implements Consumer<Transfer> {
        private final PolicySnapshot policies;
        private final CounterStore store;
        private long counted;
        private long skipped;

        Tally(PolicySnapshot policies, CounterStore store) {
            this.policies = policies;
            this.store = store;
        }

        @Override
        public void accept(Transfer t) {
            try {
                // The stored ids are pseudonyms under the log's key, like the ids of live transfers.
                policies.countIn(t, store);
                counted++;
            } catch (InvalidTransferException e) {
                // A name the current policies no longer declare: no counter of theirs can count it.
                skipped++;
            }
        }

        void report(String what) {
            if (skipped > 0) {
                LOG.warn("{} {} name terms the policies no longer declare and were not counted", skipped, what);
            }
            LOG.debug("counters rebuilt from {} {}", counted, what);
        }
    }
}
