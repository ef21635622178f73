package dev.transferguard;

import dev.transferguard.audit.VerifierKey;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a guard's policies: loads them, makes every check the guard made at build, and hands them to the
 * {@link DecisionPath}, which rebuilds the counters without stalling decisions. A failure anywhere leaves the
 * policies in force as they were.
 */
final class PolicyReload {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final List<VerifierKey> trustedKeys;
    private final List<LegalBasis> bases;
    private final Map<String, Object> entity;
    private final String jurisdiction;
    private final MethodGuards methods;
    private final DecisionPath decisions;

    PolicyReload(List<VerifierKey> trustedKeys, BasesOnFile bases, Map<String, Object> entity, String jurisdiction,
            MethodGuards methods, DecisionPath decisions) {
        this.trustedKeys = List.copyOf(trustedKeys);
        this.bases = bases.all();
        this.entity = entity;
        this.jurisdiction = jurisdiction;
        this.methods = methods;
        this.decisions = decisions;
    }

    /** Checks a bundle's signature under the trusted keys, when keys are trusted. */
    static void verify(PolicyBundle bundle, List<VerifierKey> trustedKeys) {
        if (!trustedKeys.isEmpty()) {
            bundle.verifySignature(trustedKeys);
        }
    }

    /** Checks the bases and entity attributes on file against policies about to decide. */
    void checkFactsOnFile(PolicySnapshot policies) {
        policies.checkFactsOnFile(bases, entity, jurisdiction);
    }

    /** See {@link Guard#reload(Supplier)}. */
    void reload(Supplier<PolicyBundle> loader) {
        PolicyBundle inForce = decisions.current().bundle();
        try {
            PolicyBundle next = Objects.requireNonNull(loader.get(), "the loader returned no policies");
            verify(next, trustedKeys);
            PolicySnapshot p = PolicySnapshot.of(next, null);
            List<String> dropped = inForce.categories().stream()
                    .filter(c -> !next.categories().contains(c)).toList();
            if (!dropped.isEmpty()) {
                throw new GuardException("the new policies no longer declare the categories " + dropped
                        + ", which guarded classes may name; restart the service to remove categories");
            }
            checkFactsOnFile(p);
            methods.checkAll(p);
            decisions.takeOver(p);
            LOG.info("policies reloaded: {} replaces {}", next.digest(), inForce.digest());
        } catch (RuntimeException e) {
            LOG.error("policy reload failed; the policies in force stay {}: {}", inForce.digest(), e.getMessage());
            throw new PolicyReloadException("policy reload failed; the policies in force stay " + inForce.digest()
                    + ": " + e.getMessage(), inForce.digest(), e);
        }
    }
}
