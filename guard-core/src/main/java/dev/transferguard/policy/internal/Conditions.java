package dev.transferguard.policy.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/** Facts about conditions that the compiler and the analysis need. */
final class Conditions {

    private Conditions() {
    }

    static boolean usesCounters(Model.Cond c) {
        if (c instanceof Model.CountCmp) {
            return true;
        } else if (c instanceof Model.And a) {
            return a.parts().stream().anyMatch(Conditions::usesCounters);
        } else if (c instanceof Model.Or o) {
            return o.parts().stream().anyMatch(Conditions::usesCounters);
        } else if (c instanceof Model.Not n) {
            return usesCounters(n.part());
        }
        return false;
    }

    static Set<String> basesMentioned(Model.Cond c) {
        Set<String> out = new LinkedHashSet<>();
        collectBases(c, out);
        return out;
    }

    private static void collectBases(Model.Cond c, Set<String> out) {
        if (c instanceof Model.HasBasis h) {
            out.add(h.basis());
        } else if (c instanceof Model.SinceCmp s) {
            out.add(s.basis());
        } else if (c instanceof Model.And a) {
            a.parts().forEach(p -> collectBases(p, out));
        } else if (c instanceof Model.Or o) {
            o.parts().forEach(p -> collectBases(p, out));
        } else if (c instanceof Model.Not n) {
            collectBases(n.part(), out);
        }
    }
}
