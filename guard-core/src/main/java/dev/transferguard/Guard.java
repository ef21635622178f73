// Longer than most files on purpose: the guard is the library's front door, and its builder documents every
// option in one place; the machinery lives in DecisionPath, Enforcement, MethodGuards and PolicyReload.
package dev.transferguard;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.DecisionRecorder;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import dev.transferguard.internal.classify.MethodPlan;
import dev.transferguard.policy.PolicyBundle;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides transfers under a policy bundle and keeps the volume counters: {@code
 * Guard.builder().policies(Path.of("policies")).audit(auditLog).build().enforce(transfer)}.
 *
 * <p>Thread-safe. A transfer that is allowed advances the counters of the packs that count it, so that the
 * next transfer is judged on the volume sent so far; a denied transfer does not.
 *
 * <p>With an {@linkplain Builder#audit(DecisionRecorder) audit log}, every decision is recorded before it is
 * returned (if it cannot be, the transfer is denied), and the counters are rebuilt from the log's allowed
 * decisions at build, counting subject ids by their pseudonyms. {@link #protect(Class, Object)} guards annotated
 * methods; the {@linkplain dev.transferguard package documentation} shows more.
 */
public final class Guard {

    /** The pack named by the reason of a denial because the audit log could not record the decision. */
    public static final String AUDIT_PACK = "audit";
    /** The rule named by that reason. */
    public static final String UNRECORDED_RULE = "unrecorded";

    private final Caller caller;
    private final String jurisdiction;
    private final HostRules hosts;
    private final BasesOnFile bases;
    private final Map<String, Object> entity;
    private final DecisionPath decisions;
    private final Enforcement enforcement;
    private final MethodGuards methods;
    private final PolicyReload reloads;

    private Guard(Builder b) {
        this.caller = b.caller;
        this.jurisdiction = b.jurisdiction;
        this.hosts = b.hosts;
        this.bases = b.bases;
        this.entity = Transfer.checkedAttributes(b.entity);
        PolicyReload.verify(b.policies, b.trustedPolicyKeys);
        PolicySnapshot initial = PolicySnapshot.of(b.policies,
                b.counters != null ? b.counters : new InMemoryCounterStore());
        CounterReplay replay = new CounterReplay(b.history, b.audit);
        this.decisions = new DecisionPath(initial, b.audit, replay, b.listeners, b.clock);
        this.enforcement = new Enforcement(b.mode, b.allowUnmappedHosts, b.caller, decisions);
        this.methods = new MethodGuards(this, b.pseudonymKey, b.audit, jurisdiction, decisions::current);
        this.reloads = new PolicyReload(b.trustedPolicyKeys, bases, entity, jurisdiction, methods, decisions);
        reloads.checkFactsOnFile(initial);
        replay.start(initial);
    }

    /** {@return a new builder}: {@link Builder#policies(PolicyBundle)} or {@link Builder#policies(Path)} is
     * required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a transfer and, when it is allowed, counts it. With an audit log, the decision is recorded
     * first; if it cannot be, the answer is a denial whose reason ({@value #AUDIT_PACK}/{@value
     * #UNRECORDED_RULE}) says why.
     *
     * @param transfer the transfer
     * @return the decision
     * @throws InvalidTransferException if the transfer names a category, basis, jurisdiction or other name the
     *                                  policies do not declare, or, with an audit log, is not dated today
     */
    public Decision decide(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return decisions.decide(transfer, caller, false, false).decision();
    }

    /**
     * Decides a transfer and, in {@link Mode#ENFORCE}, throws if it is denied. In {@link Mode#MONITOR} a
     * denial is logged and returned; in {@link Mode#OFF} nothing is decided. A decision the audit log could
     * not record is a denial (in enforce mode the exception's cause is the {@link AuditException}).
     *
     * @param transfer the transfer
     * @return the decision: allowing in enforce mode, with the obligations to carry out
     * @throws TransferDeniedException  if the transfer is denied in enforce mode; it carries the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare, or is not
     *                                  dated today by the guard's clock, give or take a day
     */
    public Decision enforce(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return enforcement.enforce(transfer);
    }

    /** How guarded methods and their outbound calls act on decisions. */
    Enforcement enforcement() {
        return enforcement;
    }

    /**
     * Guards an object behind an interface: calls of the interface's methods annotated
     * {@link GuardedTransfer} (on the interface, its methods, or the target's class and methods) are decided
     * before they reach the target; other methods go straight through. Every guarded method is planned now,
     * so that annotation mistakes fail here.
     *
     * @param iface  the interface to guard
     * @param target the object to call when a transfer may go ahead
     * @param <T>    the interface type
     * @return a proxy implementing {@code iface}
     * @throws IllegalArgumentException   if {@code iface} is not an interface
     * @throws InvalidAnnotationException if an annotation cannot be used
     */
    public <T> T protect(Class<T> iface, T target) {
        return methods.protect(iface, target);
    }

    /**
     * The guarded form of an annotated method, planned on first use and kept.
     *
     * @param method      the method as called: the class's own method, or an interface method
     * @param targetClass the class of the objects called, whose annotations count too; {@code null} for the
     *                    method's declaring class
     * @return the guarded method
     * @throws InvalidAnnotationException if the method is not annotated or its annotations cannot be used
     */
    public GuardedMethod method(Method method, Class<?> targetClass) {
        Objects.requireNonNull(method, "method");
        return methods.method(method, targetClass);
    }

    /**
     * Whether calls of a method are guarded: it, or its class, is annotated {@link GuardedTransfer}.
     * {@code equals}, {@code hashCode} and {@code toString} never are.
     *
     * @param method      a method
     * @param targetClass the class of the objects called, or {@code null}
     * @return {@code true} if the method is guarded
     */
    public static boolean isGuarded(Method method, Class<?> targetClass) {
        return MethodPlan.isGuarded(method, targetClass);
    }

    /** {@return how this guard acts on its decisions} */
    public Mode mode() {
        return enforcement.mode();
    }

    /**
     * Decides a transfer without counting or recording it: what {@link #decide(Transfer)} would answer now.
     *
     * @param transfer the transfer
     * @return the decision
     */
    public Decision preview(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return decisions.preview(transfer);
    }

    /** {@return the policies this guard decides under now} */
    public PolicyBundle policies() {
        return decisions.current().bundle();
    }

    /**
     * Replaces the policies, e.g. after the policy files changed, without stopping traffic. The new bundle
     * must pass every check the guard made at build: its signature under the trusted policy keys, the names of
     * the bases on file and of every guarded method planned so far; and it must declare every category the
     * policies in force declare (classes already planned name them). In-process counters are then rebuilt
     * under the new policies from the history and the audit log, while decisions go on under the policies in
     * force; the transfers they count meanwhile are counted in the new counters too, and the new policies take
     * over for the next decision. Without a log or history, and for a shared store, the counters carry over.
     *
     * <p>If any check fails, nothing changes: the policies in force stay, the failure is logged at ERROR and
     * thrown.
     *
     * @param next the new policies
     * @throws PolicyReloadException if the new policies cannot take over; its cause says why
     */
    public void reload(PolicyBundle next) {
        Objects.requireNonNull(next, "next");
        reload(() -> next);
    }

    /**
     * Loads and replaces the policies, as {@link #reload(PolicyBundle)}: a loader that throws (a policy that
     * does not compile, a directory that cannot be read) leaves the policies in force as they are.
     *
     * <pre>{@code
     * guard.reload(() -> PolicyBundle.load(Path.of("policies")));
     * }</pre>
     *
     * @param loader loads the new policies
     * @throws PolicyReloadException if the new policies cannot be loaded or cannot take over; its cause says
     *                               why
     */
    public void reload(Supplier<PolicyBundle> loader) {
        Objects.requireNonNull(loader, "loader");
        reloads.reload(loader);
    }

    /** {@return the service's own jurisdiction (the origin of guarded methods), or {@code null} when not set} */
    public String jurisdiction() {
        return jurisdiction;
    }

    /** {@return the rules that map hosts to jurisdictions} */
    public HostRules hosts() {
        return hosts;
    }

    /** {@return the legal bases on file, per recipient and per destination} */
    public BasesOnFile bases() {
        return bases;
    }

    /** {@return the attributes of the exporting entity that guarded methods' transfers carry} */
    public Map<String, Object> entity() {
        return entity;
    }

    /** Configures a {@link Guard}; {@link #build()} ends. */
    public static final class Builder {
        private Mode mode = Mode.ENFORCE;
        private Clock clock = Clock.systemUTC();
        private PolicyBundle policies;
        private final List<Transfer> history = new ArrayList<>();
        private String jurisdiction;
        private HostRules hosts = HostRules.NONE;
        private BasesOnFile bases = BasesOnFile.NONE;
        private final Map<String, Object> entity = new LinkedHashMap<>();
        private byte[] pseudonymKey;
        private boolean allowUnmappedHosts;
        private final List<DecisionListener> listeners = new ArrayList<>();
        private DecisionRecorder audit;
        private CounterStore counters;
        private Caller caller = Caller.NONE;
        private final List<VerifierKey> trustedPolicyKeys = new ArrayList<>();

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
         * Trusts keys to sign the policies: the guard then refuses, at build and at every reload, policies that
         * are unsigned, altered since they were signed, or signed by no key given here
         * ({@link dev.transferguard.policy.BundleSignatureException}). Give the old and the new key during a
         * rotation.
         *
         * @param keys the trusted policy keys
         * @return this builder
         */
        public Builder trustedPolicyKeys(Collection<VerifierKey> keys) {
            keys.forEach(k -> trustedPolicyKeys.add(Objects.requireNonNull(k, "key")));
            return this;
        }

        /**
         * Trusts keys to sign the policies; see {@link #trustedPolicyKeys(Collection)}.
         *
         * @param keys the trusted policy keys
         * @return this builder
         */
        public Builder trustedPolicyKeys(VerifierKey... keys) {
            return trustedPolicyKeys(List.of(keys));
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
         * Sets the clock that dates live decisions: an enforced or recorded transfer must be dated today by it,
         * give or take a day; the system clock (UTC) by default. For tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the service's own jurisdiction, the origin of guarded methods that do not name one.
         *
         * @param jurisdiction an ISO 3166-1 alpha-2 code (any case)
         * @return this builder
         * @throws IllegalArgumentException if the code is unknown
         */
        public Builder jurisdiction(String jurisdiction) {
            this.jurisdiction = MethodGuards.jurisdictionCode(jurisdiction);
            return this;
        }

        /**
         * Sets the rules that map hosts to jurisdictions, for {@code @Destination} URLs and outbound calls.
         *
         * @param hosts the host rules
         * @return this builder
         */
        public Builder hosts(HostRules hosts) {
            this.hosts = Objects.requireNonNull(hosts, "hosts");
            return this;
        }

        /**
         * Sets the legal bases on file, which guarded methods' transfers carry.
         *
         * @param bases the bases per recipient and destination
         * @return this builder
         */
        public Builder bases(BasesOnFile bases) {
            this.bases = Objects.requireNonNull(bases, "bases");
            return this;
        }

        /**
         * Sets an attribute of the exporting entity that guarded methods' transfers carry, e.g.
         * {@code entity("ciio", false)}. An attribute the policies declare and nobody states is not known, and
         * the policies read it at its worst for the transfer.
         *
         * @param name  the attribute name without the {@code entity.} prefix
         * @param value a boolean, an integer or a string, as the policies declare it
         * @return this builder
         */
        public Builder entity(String name, Object value) {
            entity.put(Objects.requireNonNull(name, "name"), value instanceof Integer i ? Long.valueOf(i) : value);
            return this;
        }

        /**
         * Sets the secret key (HMAC-SHA256) of guarded methods' subject-id pseudonyms when the guard has no audit
         * log; with one, the log's key is the one key. Keep it as long as the counters: a new key makes the same
         * person a new pseudonym. Without a key, a random one is made for this guard.
         *
         * @param key at least 16 bytes; copied
         * @return this builder
         * @throws IllegalArgumentException if the key is shorter than 16 bytes
         */
        public Builder pseudonymKey(byte[] key) {
            this.pseudonymKey = MethodGuards.pseudonymKey(key);
            return this;
        }

        /**
         * Whether outbound calls inside a guarded call may go to hosts no rule maps; {@code false} by default,
         * so that such calls are stopped in enforce mode.
         *
         * @param allow {@code true} to let them through
         * @return this builder
         */
        public Builder allowUnmappedHosts(boolean allow) {
            this.allowUnmappedHosts = allow;
            return this;
        }

        /**
         * Adds a listener told of every decision, e.g. for metrics.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(DecisionListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
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
         * Records every decision in an audit log, and rebuilds in-process counters from the allowed decisions
         * it already holds. The guard does not close the log.
         *
         * @param log an open audit log, such as an {@link AuditLog}
         * @return this builder
         */
        public Builder audit(DecisionRecorder log) {
            this.audit = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Keeps the volume counters in a store of the caller's choice, e.g. one shared by every instance of a
         * service; by default a new {@link InMemoryCounterStore}, rebuilt from the audit log.
         *
         * @param store the counter store
         * @return this builder
         */
        public Builder counters(CounterStore store) {
            this.counters = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Names the caller in every audit record, e.g. {@code Caller.service("billing")}.
         *
         * @param caller the caller
         * @return this builder
         */
        public Builder caller(Caller caller) {
            this.caller = Objects.requireNonNull(caller, "caller");
            return this;
        }

        /**
         * Builds the guard, rebuilding its counters from the audit log when there is one.
         *
         * @return the guard
         * @throws IllegalStateException    if no policies were set
         * @throws InvalidTransferException if a history transfer names something the policies do not declare
         * @throws GuardException           if a basis on file names something the policies do not declare
         * @throws dev.transferguard.policy.BundleSignatureException if policy keys are trusted and the policies
         *                                  are unsigned, altered or signed by another key
         * @throws AuditException           if the audit log cannot be read
         */
        public Guard build() {
            if (policies == null) {
                throw new IllegalStateException("Guard.builder() needs policies(...) before build()");
            }
            return new Guard(this);
        }
    }
}
