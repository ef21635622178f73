package dev.transferguard.policy.internal.compile;

import dev.transferguard.Transfer;
import dev.transferguard.policy.internal.check.Model;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.TreeSet;

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
    /**
     * The counts at which a comparison of this counter changes its answer (a count of {@code s} may be decided
     * differently from one of {@code s - 1}), ascending: what a shared store needs to know to answer from
     * headroom it holds instead of asking its database. Set once every pack is compiled.
     */
    private long[] steps = new long[0];
    private final TreeSet<Long> collecting = new TreeSet<>();
    /**
     * The window of the last day asked for. Transfers of one day all ask for the same window, and working it out
     * with calendar arithmetic was a twentieth of a decision; shared by every thread, each replacing it whole.
     */
    private Window lastWindow = new Window(Long.MIN_VALUE, Long.MIN_VALUE);

    /** The first day ({@code start}) of the window that ends on {@code day}, both as epoch days. */
    private record Window(long day, long start) {
    }

    CompiledCounter(Model.Counter model, int index) {
        this.model = model;
        this.storeKey = model.key();
        this.index = index;
    }

    /** Notes a comparison of this counter with a constant, while the packs are compiled. */
    void comparedWith(Model.Cmp op, long value) {
        switch (op) {
            case LT, GE -> collecting.add(value);
            case LE, GT -> collecting.add(next(value));
            case EQ, NE -> {
                collecting.add(value);
                collecting.add(next(value));
            }
        }
    }

    private static long next(long value) {
        return value == Long.MAX_VALUE ? value : value + 1;
    }

    /** Fixes the steps once every comparison is compiled. */
    void stepsCompiled() {
        steps = collecting.stream().mapToLong(Long::longValue).toArray();
        collecting.clear();
    }

    /** {@return the steps, for tests} */
    long[] steps() {
        return Arrays.copyOf(steps, steps.length);
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
        return read(f, filter.test(f));
    }

    /**
     * This counter's value for the decision, when whether it counts the transfer is known already (a decision
     * kept for the same facts found it): the filter is not tested again.
     */
    long value(Facts f, boolean counts) {
        if (f.counterKnown[index]) {
            return f.counterValues[index];
        }
        return read(f, counts);
    }

    private long read(Facts f, boolean counts) {
        long value;
        if (f.counters == null) {
            value = counts ? f.subjectsCount : 0;
        } else {
            Transfer t = f.transfer;
            value = f.counters.count(storeKey, counterparty(t), windowStart(f.epochDay), f.epochDay,
                    counts ? t.subjects() : null, steps);
        }
        f.counterRead(index, value, counts);
        return value;
    }

    /** The first day of the window that ends on {@code day}, both as epoch days. */
    private long windowStart(long day) {
        Window w = lastWindow;
        if (w.day != day) {
            w = new Window(day, model.windowStart(LocalDate.ofEpochDay(day)).toEpochDay());
            lastWindow = w;
        }
        return w.start;
    }

    /**
     * The band of a count: how many steps are at or below it, from 0 to the number of steps. Every comparison of
     * this counter answers alike for two counts of the same band, so a decision depends on the count only
     * through its band.
     *
     * @param count a value of this counter
     * @return its band
     */
    int band(long count) {
        int low = 0;
        int high = steps.length;
        // The first step above the count; the steps are ascending and distinct.
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (steps[mid] <= count) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** {@return how many bands the counter's values fall in: one more than its steps} */
    int bands() {
        return steps.length + 1;
    }
}
