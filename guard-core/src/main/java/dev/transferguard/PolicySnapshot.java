package dev.transferguard;

import dev.transferguard.counters.CounterStore;
import dev.transferguard.internal.classify.MethodPlan;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.eval.CompiledBundle;
import dev.transferguard.policy.internal.LoadedBundle;
import dev.transferguard.policy.internal.check.Model;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The policies in force, their compiled program and the counters they count in: what one decision reads, and
 * what a reload replaces as one. Every call the guard makes into the compiled program goes through here.
 *
 * @param bundle   the policies
 * @param compiled their compiled program
 * @param counters the store the program counts in
 */
record PolicySnapshot(PolicyBundle bundle, CompiledBundle compiled, CounterStore counters) {

    /** Compiles a bundle, to count in {@code counters}. */
    static PolicySnapshot of(PolicyBundle bundle, CounterStore counters) {
        return new PolicySnapshot(bundle, LoadedBundle.compiledOf(bundle), counters);
    }

    /** The same policies counting in another store. */
    PolicySnapshot withCounters(CounterStore store) {
        return new PolicySnapshot(bundle, compiled, store);
    }

    String digest() {
        return bundle.digest();
    }

    /** Whether the policies declare volume counters, so that allowed transfers must be counted. */
    boolean counts() {
        return compiled.counterCount() > 0;
    }

    Decision decide(Transfer t) {
        return compiled.decide(t, counters);
    }

    /**
     * The decision kept for a transfer of the same values that read no counter, or {@code null}: what
     * {@link #decide} would answer whatever the counters hold, read without the decision lock.
     */
    Decision keptWithoutCounters(Transfer t) {
        return compiled.keptWithoutCounters(t);
    }

    /** Advances the counters with an allowed transfer. */
    void count(Transfer t) {
        compiled.record(t, counters);
    }

    /** Counts an allowed transfer of the past in a store being rebuilt. */
    void countIn(Transfer t, CounterStore store) {
        compiled.record(t, store);
    }

    /**
     * Checks the names of the bases and entity attributes on file against the policies, so that a typo fails
     * at build or reload.
     *
     * @throws GuardException if one is not declared
     */
    void checkFactsOnFile(List<LegalBasis> bases, Map<String, Object> entity, String jurisdiction) {
        if (bases.isEmpty() && entity.isEmpty() || bundle.categories().isEmpty()) {
            return;
        }
        String here = jurisdiction != null ? jurisdiction : "XK";
        Transfer.Builder probe = Transfer.builder().origin(here).destination(here)
                .categories(bundle.categories().iterator().next());
        bases.forEach(probe::basis);
        entity.forEach(probe::entity);
        try {
            validate(probe.build());
        } catch (InvalidTransferException e) {
            throw new GuardException("facts on file: " + e.getMessage());
        }
    }

    /**
     * Checks the names a guarded method's annotation gives against the policies.
     *
     * @throws InvalidAnnotationException if one is not declared
     */
    void checkPlan(MethodPlan plan) {
        if (bundle.categories().isEmpty()) {
            return;
        }
        try {
            validate(plan.probe(bundle.categories().iterator().next()));
        } catch (InvalidTransferException e) {
            throw new InvalidAnnotationException(plan.name() + ": @GuardedTransfer: " + e.getMessage());
        }
    }

    /** Throws if the transfer names something the policies do not declare, deciding nothing. */
    private void validate(Transfer probe) {
        compiled.validate(probe);
    }

    /**
     * Forgets in {@code store} what every counter's window has left behind on {@code today}: no decision dated
     * today or later reads it again.
     */
    void forget(CounterStore store, LocalDate today) {
        for (Model.Pack pack : compiled.model().packs()) {
            for (Model.Counter c : pack.counters()) {
                store.forget(c.key(), c.windowStart(today).toEpochDay());
            }
        }
    }
}
