package dev.transferguard.internal;

import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one implementation of {@link Decision}: made by the evaluator, by the guard for its own denials, and by
 * the reader of recorded decisions. Outside this module the type is not visible, so an audit log can tell a
 * decision of the engine from a made-up one.
 *
 * @param outcome      allowed or denied
 * @param obligations  what the application must do when it goes ahead
 * @param unmet        requirements the transfer does not meet
 * @param reasons      the rules that decided
 * @param remedies     for a denial, the smallest sets of bases that would lift it
 * @param policyDigest the digest of the policy bundle that decided
 */
public record EngineDecision(
        Outcome outcome,
        List<String> obligations,
        List<Requirement> unmet,
        List<Reason> reasons,
        List<Set<String>> remedies,
        String policyDigest) implements Decision {

    /** Checks the parts and copies the collections. */
    public EngineDecision {
        Objects.requireNonNull(outcome, "outcome");
        obligations = List.copyOf(obligations);
        unmet = List.copyOf(unmet);
        reasons = List.copyOf(reasons);
        remedies = copyOfSets(remedies);
        Objects.requireNonNull(policyDigest, "policyDigest");
    }

    /**
     * A denial by the guard itself rather than by a policy: one reason, nothing to remedy.
     *
     * @param reason       why
     * @param policyDigest the digest of the policies in force
     * @return the denial
     */
    public static Decision denial(Reason reason, String policyDigest) {
        return new EngineDecision(Outcome.DENY, List.of(), List.of(), List.of(reason), List.of(), policyDigest);
    }

    /** An immutable copy, without a stream: every decision passes here on the hot path. */
    private static List<Set<String>> copyOfSets(List<Set<String>> sets) {
        if (sets.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Set<String>[] copies = new Set[sets.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = Set.copyOf(sets.get(i));
        }
        return List.of(copies);
    }
}
