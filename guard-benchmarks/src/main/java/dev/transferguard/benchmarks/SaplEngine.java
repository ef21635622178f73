package dev.transferguard.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;
import io.sapl.api.pdp.AuthorizationDecision;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.interpreter.InitializationException;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import java.util.List;
import java.util.Map;

/**
 * The comparison policy in SAPL, through its embedded policy decision point ({@code io.sapl:sapl-pdp-embedded}):
 * {@code comparison/sapl/transfers.sapl}, one policy set parsed once into an in-memory PDP. Each decision builds
 * the subscription's resource from the transfer, as an application would, and asks the PDP for one decision
 * ({@code decideOnce}), the call SAPL offers for a request-response check.
 */
public final class SaplEngine {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final EmbeddedPolicyDecisionPoint pdp;
    private final ObjectNode subject = JSON.objectNode().put("name", "bench");

    /** Parses the policy set and starts the embedded PDP. */
    public SaplEngine() {
        try {
            // deny-overrides inside the set decides; with one document the PDP's own algorithm does not matter.
            pdp = PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(
                    List.of(Resources.text("comparison/sapl/transfers.sapl")),
                    PolicyDocumentCombiningAlgorithm.DENY_OVERRIDES, Map.of());
        } catch (InitializationException e) {
            throw new IllegalStateException("the SAPL policies do not load: " + e, e);
        }
    }

    /**
     * Asks SAPL about one transfer.
     *
     * @param t the transfer
     * @return SAPL's decision
     */
    public AuthorizationDecision decide(Transfer t) {
        ObjectNode resource = JSON.objectNode();
        resource.put("origin", t.origin());
        resource.put("destination", t.destination());
        ArrayNode categories = resource.putArray("categories");
        for (String c : t.categories()) {
            categories.add(c);
        }
        ArrayNode bases = resource.putArray("bases");
        for (LegalBasis b : t.bases()) {
            if (b.validOn(t.date())) {
                bases.add(b.name());
            }
        }
        AuthorizationDecision d = pdp.decideOnce(
                new AuthorizationSubscription(subject, JSON.textNode("transfer"), resource, null)).block();
        if (d == null) {
            throw new IllegalStateException("SAPL gave no decision on " + t.toJson());
        }
        return d;
    }

    /**
     * Whether SAPL allows a transfer. A policy that errs on it (INDETERMINATE) is a failure, not a silent
     * deny; NOT_APPLICABLE (no policy permits) is a denial, as for the other engines.
     *
     * @param t the transfer
     * @return {@code true} when permitted
     */
    public boolean allowed(Transfer t) {
        Decision d = decide(t).getDecision();
        if (d == Decision.INDETERMINATE) {
            throw new IllegalStateException("SAPL could not decide " + t.toJson() + " (INDETERMINATE)");
        }
        return d == Decision.PERMIT;
    }

    /** Stops the PDP's policy source. */
    public void close() {
        pdp.destroy();
    }
}
