package dev.transferguard;

import dev.transferguard.internal.json.JsonOut;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer to one transfer: allowed or denied, with everything needed to act on it and to explain it.
 *
 *
 * <p>Only the engine makes decisions: a {@link Guard} deciding, a policy test, an audit log read back. The
 * type is an interface so that no caller can construct one and hand a made-up "allow" to an audit log, which
 * refuses decisions it did not get from the engine.
 */
public interface Decision {

    /**
     * Allowed or denied.
     *
     * @return the outcome
     */
    Outcome outcome();

    /**
     * What the application must do when it goes ahead: the union over the policies in scope, e.g.
     * {@code record-processing}.
     *
     * @return the obligations, in the order the rules name them
     */
    List<String> obligations();

    /**
     * Requirements the transfer does not meet; each lists bases of which any one would do.
     *
     * @return the unmet requirements
     */
    List<Requirement> unmet();

    /**
     * The rules that decided, with their citations and places.
     *
     * @return the reasons
     */
    List<Reason> reasons();

    /**
     * For a denial, the smallest sets of legal bases that, once on file, would make the transfer allowed, at
     * most three bases per set.
     *
     * @return the sets; empty when no such set would
     */
    List<Set<String>> remedies();

    /**
     * The digest of the policy bundle that decided.
     *
     * @return {@code sha256:<hex>}
     */
    String policyDigest();

    /**
     * Whether the transfer may go ahead.
     *
     * @return {@code true} for {@link Outcome#ALLOW}
     */
    default boolean allowed() {
        return outcome() == Outcome.ALLOW;
    }

    /**
     * The reasons that decided: for an allow, all of them; for a denial, those of kind
     * {@link Reason.Kind#DENY DENY}, {@link Reason.Kind#UNMET UNMET} and {@link Reason.Kind#DEFAULT DEFAULT}.
     * A denial leaves out the rules that matched without denying (met requirements, exemptions, allows):
     * they did not make the outcome. Every place that says which rules decided (explanations, problem
     * details, the CLI's listings) takes them from here.
     *
     * @return the deciding reasons, in the order of {@link #reasons()}
     */
    default List<Reason> deciding() {
        List<Reason> reasons = reasons();
        if (allowed()) {
            return reasons;
        }
        return reasons.stream().filter(r -> switch (r.kind()) {
            case DENY, UNMET, DEFAULT -> true;
            case MET, EXEMPT, ALLOW -> false;
        }).toList();
    }

    /**
     * This decision as JSON: {@code decision}, {@code obligations}, {@code unmet}, {@code reasons},
     * {@code remedies} (each set sorted, smaller sets first) and {@code policyDigest}.
     *
     * @return one line of JSON, the same for equal decisions
     */
    default String toJson() {
        return JsonOut.decision(this);
    }

    /**
     * A short explanation for people: the verdict, the rules behind it and, for a denial, what would make
     * the transfer legal.
     *
     * @return one or more sentences, without personal data
     */
    default String explain() {
        Outcome outcome = outcome();
        List<Requirement> unmet = unmet();
        List<Set<String>> remedies = remedies();
        List<String> obligations = obligations();
        StringBuilder sb = new StringBuilder(outcome == Outcome.ALLOW ? "allowed" : "denied");
        List<Reason> deciding = deciding();
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
