package dev.transferguard.benchmarks;

import dev.transferguard.LegalBasis;
import dev.transferguard.Transfer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.persist.file_adapter.FileAdapter;

/**
 * The comparison policy in jCasbin, in two forms of ABAC model. {@link #rules()}: the policy lines are
 * rules over the request's attributes, evaluated with {@code eval(p.rule)} ({@code comparison/casbin/model.conf}
 * and {@code policy.csv}), the form jCasbin documents for ABAC with policy rules. {@link #matcher()}: the
 * same rules in the model's matcher, compiled once ({@code matcher-model.conf}, {@code matcher-policy.csv}).
 */
public final class CasbinEngine {

    private final Enforcer enforcer;

    /**
     * The policy as ABAC rules, one per policy line.
     *
     * @return the engine
     */
    public static CasbinEngine rules() {
        return new CasbinEngine("comparison/casbin/model.conf", "comparison/casbin/policy.csv");
    }

    /**
     * The policy in the model's matcher.
     *
     * @return the engine
     */
    public static CasbinEngine matcher() {
        return new CasbinEngine("comparison/casbin/matcher-model.conf", "comparison/casbin/matcher-policy.csv");
    }

    private CasbinEngine(String modelResource, String policyResource) {
        Model model = Model.newModelFromString(Resources.text(modelResource));
        byte[] policy = Resources.text(policyResource).getBytes(StandardCharsets.UTF_8);
        enforcer = new Enforcer(model, new FileAdapter(new ByteArrayInputStream(policy)));
        enforcer.enableLog(false);
        if (enforcer.getPolicy().isEmpty()) {
            throw new IllegalStateException("the jCasbin policy is empty");
        }
    }

    /**
     * Whether jCasbin allows a transfer.
     *
     * @param t the transfer
     * @return {@code true} when allowed
     */
    public boolean allowed(Transfer t) {
        return enforcer.enforce(new Request(t));
    }

    /** The attributes of a transfer, as the ABAC rules read them ({@code r.t.origin}, ...). */
    public static final class Request {
        private final String origin;
        private final String destination;
        private final List<String> categories;
        private final List<String> bases;

        Request(Transfer t) {
            origin = t.origin();
            destination = t.destination();
            categories = t.categories();
            List<String> valid = new ArrayList<>(t.bases().size());
            for (LegalBasis b : t.bases()) {
                if (b.validOn(t.date())) {
                    valid.add(b.name());
                }
            }
            bases = valid;
        }

        /** @return ISO code of where the data is */
        public String getOrigin() {
            return origin;
        }

        /** @return ISO code of where it goes */
        public String getDestination() {
            return destination;
        }

        /** @return the data categories */
        public List<String> getCategories() {
            return categories;
        }

        /** @return the legal bases valid on the transfer's date */
        public List<String> getBases() {
            return bases;
        }
    }
}
