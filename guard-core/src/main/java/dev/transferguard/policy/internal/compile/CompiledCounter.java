package dev.transferguard.policy.internal.compile;

import dev.transferguard.Transfer;
import dev.transferguard.policy.internal.check.Model;

/** A counter ready to count: which transfers it counts, and its window. */
final class CompiledCounter {

    final Model.Counter model;
    final String storeKey;
    final int index;
    /**
     * Whether the counter counts a transfer: when it may (facts the transfer leaves out taken at their worst,
     * a coarse category as containing what the counter counts), so that a count is never too low. Set once its
     * pack's scope is compiled, which may itself compare this counter.
     */
    Test filter;

    CompiledCounter(Model.Counter model, int index) {
        this.model = model;
        this.storeKey = model.key();
        this.index = index;
    }

    String counterparty(Transfer t) {
        return model.perCounterparty() ? partyOf(t) : null;
    }

    private static String partyOf(Transfer t) {
        return t.recipient().name() == null ? "" : t.recipient().name();
    }

    /** This counter's value for the decision, the current transfer included when the counter may count it. */
    long value(Facts f) {
        if (f.counterKnown[index]) {
            return f.counterValues[index];
        }
        long value;
        if (f.counters == null) {
            value = filter.test(f) ? f.subjectsCount : 0;
        } else {
            Transfer t = f.transfer;
            value = f.counters.count(storeKey, counterparty(t), model.windowStart(t.date()).toEpochDay(), f.epochDay,
                    filter.test(f) ? t.subjects() : null);
        }
        f.counterValues[index] = value;
        f.counterKnown[index] = true;
        return value;
    }
}
