package dev.transferguard;

import dev.transferguard.internal.json.JsonOut;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer to one transfer: allowed or denied, with everything needed to act on it and to explain it.
 *
 * @param outcome      allowed or denied
 * @param obligations  what the application must do when it goes ahead (the union over the policies in
 *                     scope), e.g. {@code record-processing}
 * @param unmet        requirements the transfer does not meet; each lists bases of which any one would do
 * @param reasons      the rules that decided, with their citations and places
 * @param remedies     for a denial, the smallest sets of legal bases that, once on file, would make the
 *                     transfer allowed, at most three bases per set; empty when no such set would
 * @param policyDigest the digest of the policy bundle that decided, {@code sha256:<hex>}
 */
public record Decision(
        Outcome outcome,
        List<String> obligations,
        List<Requirement> unmet,
        List<Reason> reasons,
        List<Set<String>> remedies,
        String policyDigest) {

    /** Checks the parts and copies the collections. */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        obligations = List.copyOf(obligations);
        unmet = List.copyOf(unmet);
        reasons = List.copyOf(reasons);
        remedies = copyOfSets(remedies);
        Objects.requireNonNull(policyDigest, "policyDigest");
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

    /**
     * Whether the transfer may go ahead.
     *
     * @return {@code true} for {@link Outcome#ALLOW}
     */
    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * This decision as JSON: {@code decision}, {@code obligations}, {@code unmet}, {@code reasons},
     * {@code remedies} (each set sorted, smaller sets first) and {@code policyDigest}.
     *
     * @return one line of JSON, the same for equal decisions
     */
    public String toJson() {
        return JsonOut.decision(this);
    }

    /**
     * A short explanation for people: the verdict, the rules behind it and, for a denial, what would make
     * the transfer legal.
     *
     * @return one or more sentences, without personal data
     */
    public String explain() {
        StringBuilder sb = new StringBuilder(outcome == Outcome.ALLOW ? "allowed" : "denied");
        List<Reason> deciding = outcome == Outcome.ALLOW
                ? reasons
                : reasons.stream().filter(r -> r.kind() == Reason.Kind.DENY || r.kind() == Reason.Kind.UNMET
                        || r.kind() == Reason.Kind.DEFAULT).toList();
        if (!deciding.isEmpty()) {
            sb.append(" by ").append(deciding.stream()
                    .map(r -> r.pack() + "/" + r.rule() + " (" + r.because() + ")")
                    .collect(Collectors.joining(", ")));
        }
        for (Requirement r : unmet) {
            sb.append("; ").append(r.pack()).append('/').append(r.rule()).append(" needs ")
                    .append(r.anyOf().size() == 1 ? r.anyOf().get(0) : "one of " + String.join(", ", r.anyOf()));
        }
        if (outcome == Outcome.DENY) {
            if (remedies.isEmpty()) {
                // Unmet requirements name bases that would help: say only what the search covered.
                sb.append(unmet.isEmpty() ? "; no legal basis would make it allowed"
                        : "; no set of up to three legal bases would make it allowed");
            } else {
                sb.append("; it would be allowed with ").append(remedies.stream()
                        .map(s -> s.stream().sorted().collect(Collectors.joining(" + ")))
                        .collect(Collectors.joining(" or ")));
            }
        }
        if (!obligations.isEmpty()) {
            sb.append("; obligations: ").append(String.join(", ", obligations));
        }
        return sb.toString();
    }
}
