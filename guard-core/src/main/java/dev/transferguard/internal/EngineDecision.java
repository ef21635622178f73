package dev.transferguard.internal;

import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.internal.json.EncodedParts;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one implementation of {@link Decision}: made by the evaluator, by the guard for its own denials, and by
 * the reader of recorded decisions. Outside this module the type is not visible, so an audit log can tell a
 * decision of the engine from a made-up one.
 *
 * <p>A decision of the evaluator also carries the {@linkplain EncodedParts encoded JSON} of its bundle's reasons
 * and requirements, which the writer of records copies. That is how it is written, not what it says: equality,
 * hash code and text consider the six parts of a decision only.
 */
public final class EngineDecision implements Decision {

    private final Outcome outcome;
    private final List<String> obligations;
    private final List<Requirement> unmet;
    private final List<Reason> reasons;
    private final List<Set<String>> remedies;
    private final String policyDigest;
    private final EncodedParts encodedParts;

    /**
     * A decision whose reasons and requirements are encoded where they are written.
     *
     * @param outcome      allowed or denied
     * @param obligations  what the application must do when it goes ahead
     * @param unmet        requirements the transfer does not meet
     * @param reasons      the rules that decided
     * @param remedies     for a denial, the smallest sets of bases that would lift it
     * @param policyDigest the digest of the policy bundle that decided
     */
    public EngineDecision(Outcome outcome, List<String> obligations, List<Requirement> unmet, List<Reason> reasons,
            List<Set<String>> remedies, String policyDigest) {
        this(outcome, obligations, unmet, reasons, remedies, policyDigest, EncodedParts.NONE);
    }

    /**
     * A decision of a bundle, with the bundle's encoded reasons and requirements.
     *
     * @param outcome      allowed or denied
     * @param obligations  what the application must do when it goes ahead
     * @param unmet        requirements the transfer does not meet
     * @param reasons      the rules that decided
     * @param remedies     for a denial, the smallest sets of bases that would lift it
     * @param policyDigest the digest of the policy bundle that decided
     * @param encodedParts the JSON of the bundle's reasons and requirements
     */
    public EngineDecision(Outcome outcome, List<String> obligations, List<Requirement> unmet, List<Reason> reasons,
            List<Set<String>> remedies, String policyDigest, EncodedParts encodedParts) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.obligations = List.copyOf(obligations);
        this.unmet = List.copyOf(unmet);
        this.reasons = List.copyOf(reasons);
        this.remedies = copyOfSets(remedies);
        this.policyDigest = Objects.requireNonNull(policyDigest, "policyDigest");
        this.encodedParts = Objects.requireNonNull(encodedParts, "encodedParts");
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

    @Override
    public Outcome outcome() {
        return outcome;
    }

    @Override
    public List<String> obligations() {
        return obligations;
    }

    @Override
    public List<Requirement> unmet() {
        return unmet;
    }

    @Override
    public List<Reason> reasons() {
        return reasons;
    }

    @Override
    public List<Set<String>> remedies() {
        return remedies;
    }

    @Override
    public String policyDigest() {
        return policyDigest;
    }

    /**
     * The encoded JSON of the deciding bundle's reasons and requirements.
     *
     * @return the encodings; {@link EncodedParts#NONE} for a decision not made by a bundle
     */
    public EncodedParts encodedParts() {
        return encodedParts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineDecision d && outcome == d.outcome && obligations.equals(d.obligations)
                && unmet.equals(d.unmet) && reasons.equals(d.reasons) && remedies.equals(d.remedies)
                && policyDigest.equals(d.policyDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, obligations, unmet, reasons, remedies, policyDigest);
    }

    @Override
    public String toString() {
        return "EngineDecision[outcome=" + outcome + ", obligations=" + obligations + ", unmet=" + unmet
                + ", reasons=" + reasons + ", remedies=" + remedies + ", policyDigest=" + policyDigest + "]";
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
