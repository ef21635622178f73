package dev.transferguard.benchmarks;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.AuthorizationSuccessResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison policy in Cedar, through cedar-java: {@code comparison/cedar/transfers.cedar}. The policy
 * set is parsed once and cached on the native side; each decision builds the request's context from the
 * transfer, as an application would.
 */
public final class CedarEngine {

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final Entities entities = new Entities();
    private final EntityUID principal;
    private final EntityUID action;
    private final EntityUID resource;

    /** Parses and caches the policy set. */
    public CedarEngine() {
        try {
            policies = PolicySet.parsePolicies(Resources.text("comparison/cedar/transfers.cedar"));
            policies.cache();
        } catch (Exception e) {
            throw new IllegalStateException("the Cedar policies do not load: " + e, e);
        }
        principal = new EntityUID(EntityTypeName.parse("Exporter").orElseThrow(), "bench");
        action = new EntityUID(EntityTypeName.parse("Action").orElseThrow(), "transfer");
        resource = new EntityUID(EntityTypeName.parse("Data").orElseThrow(), "transfer");
    }

    /**
     * Asks Cedar about one transfer.
     *
     * @param t the transfer
     * @return Cedar's answer
     */
    public AuthorizationResponse authorize(Transfer t) {
        Map<String, Value> context = new HashMap<>(8);
        context.put("origin", new PrimString(t.origin()));
        context.put("destination", new PrimString(t.destination()));
        List<Value> categories = new ArrayList<>(t.categories().size());
        for (String c : t.categories()) {
            categories.add(new PrimString(c));
        }
        context.put("categories", new CedarList(categories));
        List<Value> bases = new ArrayList<>(t.bases().size());
        for (LegalBasis b : t.bases()) {
            if (b.validOn(t.date())) {
                bases.add(new PrimString(b.name()));
            }
        }
        context.put("bases", new CedarList(bases));
        try {
            return engine.isAuthorized(new AuthorizationRequest(principal, action, resource, new Context(context)),
                    policies, entities);
        } catch (AuthException e) {
            throw new IllegalStateException("Cedar failed: " + e, e);
        }
    }

    /**
     * Whether Cedar allows a transfer; a policy that errs on it is a failure, not a silent skip.
     *
     * @param t the transfer
     * @return {@code true} when allowed
     */
    public boolean allowed(Transfer t) {
        AuthorizationResponse r = authorize(t);
        if (r.type != AuthorizationResponse.SuccessOrFailure.Success || r.success.isEmpty()) {
            throw new IllegalStateException("Cedar could not decide " + t.toJson() + ": " + r);
        }
        AuthorizationSuccessResponse s = r.success.get();
        if (!s.getErrors().isEmpty()) {
            throw new IllegalStateException("Cedar policies erred on " + t.toJson() + ": " + s.getErrors());
        }
        return s.isAllowed();
    }
}
