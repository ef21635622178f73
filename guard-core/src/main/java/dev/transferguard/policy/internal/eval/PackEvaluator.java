package dev.transferguard.policy.internal.eval;

import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.compile.Bits;
import dev.transferguard.policy.internal.compile.CompiledPack;
import dev.transferguard.policy.internal.compile.CompiledRule;
import dev.transferguard.policy.internal.compile.Facts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The evaluation model of one pack: deny rules, then requirements less exemptions, then allow, then the
 * default. Both deciding and the remedy search's trials come through here, so they cannot disagree.
 */
public final class PackEvaluator {

    private PackEvaluator() {
    }

    /**
     * Evaluates a pack whose scope holds.
     *
     * @param p        the pack
     * @param f        the transfer's facts
     * @param reasons  receives the reasons of the rules that take part, in rule order
     * @param memo     in a remedy search, per rule: whether a condition that names no legal basis holds (1),
     *                 does not (-1), or is not known yet (0); {@code null} when deciding
     * @param exempted scratch space of at least {@code Bits.of(rules)} words
     * @return the pack's verdict
     */
    public static PackVerdict evaluate(CompiledPack p, Facts f, List<Reason> reasons, byte[] memo, long[] exempted) {
        CompiledRule[] rules = p.rules();
        boolean denied = false;
        boolean whateverTheBases = false;
        for (CompiledRule r : rules) {
            if (r.effect() == Model.Effect.DENY && holds(r, f, memo)) {
                reasons.add(r.matched());
                denied = true;
                // A condition that names no basis holds whatever bases a remedy adds.
                whateverTheBases |= r.mentioned().length == 0;
            }
        }
        if (denied) {
            return whateverTheBases ? PackVerdict.DENIED_WHATEVER_THE_BASES : PackVerdict.DENIED;
        }
        boolean anyExempted = false;
        for (CompiledRule r : rules) {
            if (r.effect() == Model.Effect.EXEMPT && holds(r, f, memo)) {
                long[] waives = r.waives();
                if (!anyExempted) {
                    anyExempted = true;
                    Arrays.fill(exempted, 0, waives.length, 0L);
                }
                for (int i = 0; i < waives.length; i++) {
                    exempted[i] |= waives[i];
                }
                reasons.add(r.matched());
            }
        }
        boolean anyMatched = anyExempted;
        List<Requirement> requirements = null;
        for (CompiledRule r : rules) {
            Model.Effect e = r.effect();
            if (e == Model.Effect.REQUIRE) {
                if ((anyExempted && Bits.get(exempted, r.index())) || !holds(r, f, memo)) {
                    continue;
                }
                anyMatched = true;
                if (met(r, f)) {
                    reasons.add(r.matched());
                } else {
                    reasons.add(r.unmetReason());
                    if (requirements == null) {
                        requirements = new ArrayList<>(2);
                    }
                    requirements.add(r.requirement());
                }
            } else if (e == Model.Effect.ALLOW && holds(r, f, memo)) {
                anyMatched = true;
                reasons.add(r.matched());
            }
        }
        if (requirements != null) {
            return new PackVerdict(false, false, requirements);
        }
        if (anyMatched) {
            return PackVerdict.ALLOWED;
        }
        reasons.add(p.defaultReason());
        return p.defaultAllow() ? PackVerdict.ALLOWED : PackVerdict.DENIED;
    }

    /**
     * Whether a rule's condition holds. In a remedy search ({@code memo} given) a condition that names no legal
     * basis is tested once: only the bases change from trial to trial.
     */
    private static boolean holds(CompiledRule r, Facts f, byte[] memo) {
        if (memo == null || r.mentioned().length > 0) {
            return r.holds(f);
        }
        byte known = memo[r.index()];
        if (known != 0) {
            return known > 0;
        }
        boolean value = r.holds(f);
        memo[r.index()] = value ? (byte) 1 : (byte) -1;
        return value;
    }

    private static boolean met(CompiledRule r, Facts f) {
        for (int b : r.bases()) {
            if (f.hasBasis(b)) {
                return true;
            }
        }
        return false;
    }
}
