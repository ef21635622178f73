package dev.transferguard.policy.internal.check;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** Facts about conditions that the compiler and the analysis need. */
public final class Conditions {

    private Conditions() {
    }

    /** Calls {@code visit} on every atomic condition below {@code c} (everything but and, or, not). */
    static void forEachAtom(Model.Cond c, Consumer<Model.Cond> visit) {
        if (c instanceof Model.And a) {
            a.parts().forEach(p -> forEachAtom(p, visit));
        } else if (c instanceof Model.Or o) {
            o.parts().forEach(p -> forEachAtom(p, visit));
        } else if (c instanceof Model.Not n) {
            forEachAtom(n.part(), visit);
        } else {
            visit.accept(c);
        }
    }

    /**
     * The counters a condition compares.
     *
     * @param c the condition
     * @return their names, in the order they appear
     */
    public static Set<String> countersUsed(Model.Cond c) {
        Set<String> out = new LinkedHashSet<>();
        forEachAtom(c, a -> {
            if (a instanceof Model.CountCmp k) {
                out.add(k.counter().name());
            }
        });
        return out;
    }

    /**
     * The constants a condition compares a counter with.
     *
     * @param c       the condition
     * @param counter the counter's key, {@code pack/name}
     * @param into    where to add them
     */
    public static void limitsOf(Model.Cond c, String counter, Set<Long> into) {
        forEachAtom(c, a -> {
            if (a instanceof Model.CountCmp k && k.counter().key().equals(counter)) {
                into.add(k.value());
            }
        });
    }

    /**
     * The legal bases a condition tests.
     *
     * @param c the condition
     * @return their names, in the order they appear
     */
    public static Set<String> basesMentioned(Model.Cond c) {
        Set<String> out = new LinkedHashSet<>();
        forEachAtom(c, a -> {
            if (a instanceof Model.HasBasis h) {
                out.add(h.basis());
            } else if (a instanceof Model.SinceCmp s) {
                out.add(s.basis());
            }
        });
        return out;
    }
}
