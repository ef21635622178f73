package dev.transferguard;

import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.BundleAccess;
import dev.transferguard.policy.internal.CompiledBundle;
import dev.transferguard.policy.internal.CounterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides transfers under a policy bundle and keeps the volume counters.
 *
 * <pre>{@code
 * Guard guard = Guard.builder()
 *         .policies(Path.of("policies"))
 *         .build();
 * Decision d = guard.decide(transfer);   // or guard.enforce(transfer) to throw on denial
 * }</pre>
 *
 * <p>Thread-safe. A transfer that is allowed advances the counters of the packs that count it, so that the
 * next transfer is judged on the volume sent so far; a denied transfer does not.
 */
public final class Guard {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final Mode mode;
    private final PolicyBundle policies;
    private final CompiledBundle compiled;
    private final CounterStore counters = new CounterStore();
    /** Serialises reading and advancing counters, so that two transfers cannot both slip under a threshold. */
    private final ReentrantLock counting = new ReentrantLock();

    private Guard(Builder b) {
        this.mode = b.mode;
        this.policies = b.policies;
        this.compiled = BundleAccess.compiled(b.policies);
        for (Transfer t : b.history) {
            compiled.record(t, counters);
        }
    }

    /**
     * A builder; {@link Builder#policies(PolicyBundle)} or {@link Builder#policies(Path)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a transfer and, when it is allowed, counts it.
     *
     * @param transfer the transfer
     * @return the decision
     * @throws InvalidTransferException if the transfer names a category, basis, jurisdiction or other name the
     *                                  policies do not declare
     */
    public Decision decide(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        if (compiled.counterCount() == 0) {
            return compiled.decide(transfer, counters);
        }
        counting.lock();
        try {
            Decision d = compiled.decide(transfer, counters);
            if (d.allowed()) {
                compiled.record(transfer, counters);
            }
            return d;
        } finally {
            counting.unlock();
        }
    }

    /**
     * Decides a transfer and, in {@link Mode#ENFORCE}, throws if it is denied. In {@link Mode#MONITOR} a
     * denial is logged and returned; in {@link Mode#OFF} nothing is decided.
     *
     * @param transfer the transfer
     * @return the decision: allowing in enforce mode, with the obligations to carry out
     * @throws TransferDeniedException  if the transfer is denied in enforce mode; it carries the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public Decision enforce(Transfer transfer) {
        if (mode == Mode.OFF) {
            return offDecision();
        }
        Decision d = decide(transfer);
        if (!d.allowed()) {
            if (mode == Mode.ENFORCE) {
                throw new TransferDeniedException(d);
            }
            LOG.warn("Monitor mode let through a transfer that enforce mode would deny: {} -> {} ({}): {}",
                    transfer.origin(), transfer.destination(), String.join(", ", transfer.categories()),
                    d.explain());
        }
        return d;
    }

    private Decision offDecision() {
        return new Decision(Outcome.ALLOW, List.of(), List.of(),
                List.of(new Reason("guard", "off", Reason.Kind.DEFAULT, "the guard is off", "mode")), List.of(),
                policies.digest());
    }

    /**
     * How this guard acts on its decisions.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * Decides a transfer without counting it: what {@link #decide(Transfer)} would answer now.
     *
     * @param transfer the transfer
     * @return the decision
     */
    public Decision preview(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        counting.lock();
        try {
            return compiled.decide(transfer, counters);
        } finally {
            counting.unlock();
        }
    }

    /**
     * The policies this guard decides under.
     *
     * @return the bundle
     */
    public PolicyBundle policies() {
        return policies;
    }

    /** Configures a {@link Guard}; {@link #build()} ends. */
    public static final class Builder {
        private Mode mode = Mode.ENFORCE;
        private PolicyBundle policies;
        private final List<Transfer> history = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the policies.
         *
         * @param policies a loaded bundle
         * @return this builder
         */
        public Builder policies(PolicyBundle policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
            return this;
        }

        /**
         * Loads the policies from a directory.
         *
         * @param directory the policy directory
         * @return this builder
         * @throws dev.transferguard.policy.PolicyException if the policies do not load
         */
        public Builder policies(Path directory) {
            return policies(PolicyBundle.load(directory));
        }

        /**
         * Sets how the guard acts on its decisions; {@link Mode#ENFORCE} by default.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Adds earlier transfers to the volume counters, as if they had been allowed, before any decision.
         *
         * @param transfers earlier transfers, each with its date
         * @return this builder
         */
        public Builder history(Iterable<Transfer> transfers) {
            transfers.forEach(t -> history.add(Objects.requireNonNull(t, "history transfer")));
            return this;
        }

        /**
         * Builds the guard.
         *
         * @return the guard
         * @throws IllegalStateException    if no policies were set
         * @throws InvalidTransferException if a history transfer names something the policies do not declare
         */
        public Guard build() {
            if (policies == null) {
                throw new IllegalStateException("Guard.builder() needs policies(...) before build()");
            }
            return new Guard(this);
        }
    }
}
