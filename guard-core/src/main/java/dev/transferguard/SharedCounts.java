package dev.transferguard;

import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.internal.EngineDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and counts one transfer in a counter store: the one place a decision's use of a store begins and
 * {@linkplain CounterStore#settle settles}. The caller holds the decision lock.
 *
 * <p>A store shared with other processes is settled before the decision is recorded in the audit log: an allowed
 * transfer is in the shared counts before its record exists, so that a crash between the two over-counts by that
 * transfer and never under-counts. A store that fails turns the decision into a denial naming the store.
 */
final class SharedCounts {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private SharedCounts() {
    }

    /**
     * Decides {@code t} under {@code s} and, when it is allowed, counts it and settles the store.
     *
     * @param count how to count an allowed transfer (in the store, and in a rebuild under way)
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    static DecisionPath.Verdict decide(PolicySnapshot s, Transfer t, java.util.function.Consumer<Transfer> count) {
        CounterStore store = s.counters();
        boolean settling = false;
        try {
            Decision d = s.decide(t);
            if (d.allowed()) {
                count.accept(t);
            }
            settling = true;
            store.settle(true);
            return new DecisionPath.Verdict(t, d, null);
        } catch (CounterStoreException e) {
            return denial(t, s.digest(), e);
        } finally {
            if (!settling) {
                release(store);
            }
        }
    }

    /** Reads the counts for a decision that is not counted, and releases what the store held for it. */
    static Decision preview(PolicySnapshot s, Transfer t) {
        try {
            return s.decide(t);
        } catch (CounterStoreException e) {
            return denial(t, s.digest(), e).decision();
        } finally {
            release(s.counters());
        }
    }

    /**
     * Counts a transfer that was decided without reading the counters (under policies that counted nothing),
     * settling a shared store. A store that fails here can no longer change the decision: it is logged, and the
     * store counts too few until the transfer is imported from the audit log.
     */
    static void countDecided(PolicySnapshot s, Transfer t, java.util.function.Consumer<Transfer> count) {
        try {
            count.accept(t);
            s.counters().settle(true);
        } catch (CounterStoreException e) {
            release(s.counters());
            LOG.error("the counter store {} could not count a transfer allowed while policies were reloaded: {}",
                    e.store(), e.getMessage());
        }
    }

    private static void release(CounterStore store) {
        try {
            store.settle(false);
        } catch (CounterStoreException e) {
            LOG.warn("the counter store {} could not release a decision: {}", e.store(), e.getMessage());
        }
    }

    /** A denial because the counter store could not count. */
    static DecisionPath.Verdict denial(Transfer t, String policyDigest, CounterStoreException e) {
        Reason reason = new Reason(CounterStoreException.PACK, CounterStoreException.RULE, Reason.Kind.DENY,
                "the counter store could not count the transfer: " + e.getMessage(), e.store());
        return new DecisionPath.Verdict(t, EngineDecision.denial(reason, policyDigest), e);
    }
}
