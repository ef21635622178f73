package dev.transferguard;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogAccess;
import dev.transferguard.audit.internal.write.QueuedEntry;
import dev.transferguard.internal.Pseudonyms;
import dev.transferguard.internal.classify.Classifier;
import dev.transferguard.internal.classify.MethodPlan;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.BundleAccess;
import dev.transferguard.policy.internal.CompiledBundle;
import dev.transferguard.policy.internal.CounterStore;
import dev.transferguard.policy.internal.Jurisdictions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides transfers under a policy bundle and keeps the volume counters.
 *
 * <pre>{@code
 * Guard guard = Guard.builder()
 *         .policies(Path.of("policies"))
 *         .audit(auditLog)                // optional: record every decision
 *         .build();
 * Decision d = guard.decide(transfer);   // or guard.enforce(transfer) to throw on denial
 * }</pre>
 *
 * <p>Thread-safe. A transfer that is allowed advances the counters of the packs that count it, so that the
 * next transfer is judged on the volume sent so far; a denied transfer does not.
 *
 * <p>With an {@linkplain Builder#audit(AuditLog) audit log}, every decision is recorded before it is
 * returned, and the counters are rebuilt from the allowed decisions in the log when the guard is built, so
 * that they survive restarts and agree with the audit trail. Subject ids are then counted by their
 * pseudonyms. When the log cannot record, the guard fails closed: the transfer is denied, and the
 * decision says why.
 *
 * <p>Annotated methods are guarded by {@link #protect(Class, Object)} in plain Java, or by an aspect in
 * Spring: the guard classifies their arguments ({@link dev.transferguard.annotation.PersonalData} and its
 * companions), builds the transfer with its own jurisdiction as the origin and the {@link BasesOnFile bases
 * on file}, and decides it before the method runs.
 *
 * <pre>{@code
 * Guard guard = Guard.builder()
 *         .policies(PolicyBundle.fromClasspath("policies"))
 *         .jurisdiction("CN")
 *         .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("separate-consent")).build())
 *         .build();
 * Exporter exporter = guard.protect(Exporter.class, new HttpExporter());
 * }</pre>
 *
 * <p>With {@linkplain Builder#trustedPolicyKeys(Collection) trusted policy keys}, the guard only takes
 * policies whose {@linkplain dev.transferguard.policy.BundleSignature signature} verifies, at build and at
 * every {@linkplain #reload(PolicyBundle) reload}. A reload that fails leaves the policies in force as they
 * were.
 */
public final class Guard {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    /** The pack named by the reason of a denial because the audit log could not record the decision. */
    public static final String AUDIT_PACK = "audit";
    /** The rule named by that reason. */
    public static final String UNRECORDED_RULE = "unrecorded";

    private final Mode mode;
    /** The policies in force; replaced by a reload, under {@link #counting}, together with the counters. */
    private volatile Policies current;
    private final List<VerifierKey> trustedPolicyKeys;
    /** Replaced (under {@link #counting}) when it must be rebuilt from the audit log. */
    private volatile CounterStore counters = new CounterStore();
    private final List<Transfer> history;
    private boolean recounted;
    /** Serialises reading and advancing counters, so that two transfers cannot both slip under a threshold. */
    private final ReentrantLock counting = new ReentrantLock();
    private final AuditLog audit;
    private final LogAccess.Hooks log;
    private final Caller caller;
    private final String jurisdiction;
    private final HostRules hosts;
    private final BasesOnFile bases;
    private final boolean allowUnmappedHosts;
    private final DecisionListener[] listeners;
    private final Classifier classifier;
    private final Map<MethodKey, GuardedMethod> methods = new ConcurrentHashMap<>();

    /** A method as called on objects of a class. */
    private record MethodKey(Method method, Class<?> target) {
    }

    /** A bundle and its compiled form, swapped as one. */
    private record Policies(PolicyBundle bundle, CompiledBundle compiled) {
        static Policies of(PolicyBundle bundle) {
            return new Policies(bundle, BundleAccess.compiled(bundle));
        }
    }

    private Guard(Builder b) {
        this.mode = b.mode;
        this.trustedPolicyKeys = List.copyOf(b.trustedPolicyKeys);
        if (!trustedPolicyKeys.isEmpty()) {
            b.policies.verifySignature(trustedPolicyKeys);
        }
        this.current = Policies.of(b.policies);
        CompiledBundle compiled = current.compiled;
        this.audit = b.audit;
        this.log = b.audit == null ? null : LogAccess.of(b.audit);
        this.caller = b.caller;
        this.history = List.copyOf(b.history);
        this.jurisdiction = b.jurisdiction;
        this.hosts = b.hosts;
        this.bases = b.bases;
        this.allowUnmappedHosts = b.allowUnmappedHosts;
        this.listeners = b.listeners.toArray(new DecisionListener[0]);
        byte[] key = b.pseudonymKey;
        if (key == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        this.classifier = new Classifier(b.policies.categories(), new Pseudonyms(key));
        checkBases(current);
        for (Transfer t : b.history) {
            compiled.record(t, counters);
        }
        if (audit != null && compiled.counterCount() > 0) {
            countFromLog(counters, compiled);
        }
    }

    /** Counts the allowed decisions already in the audit log, as they were counted when they were made. */
    private void countFromLog(CounterStore counters, CompiledBundle compiled) {
        long counted = 0;
        long skipped = 0;
        try (Stream<AuditRecord> records = AuditReader.records(audit.directory(), audit.size())) {
            Iterator<AuditRecord> it = records.iterator();
            while (it.hasNext()) {
                AuditRecord r = it.next();
                if (r.kind() != AuditRecord.Kind.DECISION || !r.decision().allowed()) {
                    continue;
                }
                try {
                    // The stored ids are pseudonyms under the log's key, like the ids of live transfers below.
                    compiled.record(r.transfer(), counters);
                    counted++;
                } catch (InvalidTransferException e) {
                    // A name the current policies no longer declare: no counter of theirs can count it.
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            LOG.warn("{} allowed records of the audit log {} name terms the policies no longer declare and were"
                    + " not counted", skipped, audit.directory());
        }
        LOG.debug("counters rebuilt from {} allowed records of the audit log {}", counted, audit.directory());
    }

    /** Checks the names of the bases on file against the policies, so that a typo fails at startup. */
    private void checkBases(Policies p) {
        List<LegalBasis> all = bases.all();
        if (all.isEmpty() || p.bundle.categories().isEmpty()) {
            return;
        }
        String here = jurisdiction != null ? jurisdiction : "XK";
        Transfer.Builder probe = Transfer.builder().origin(here).destination(here)
                .categories(p.bundle.categories().iterator().next());
        all.forEach(probe::basis);
        try {
            p.compiled.decide(probe.build(), null);
        } catch (InvalidTransferException e) {
            throw new GuardException("bases on file: " + e.getMessage());
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
     * Decides a transfer and, when it is allowed, counts it. With an audit log, the decision is recorded
     * first; if it cannot be, the answer is a denial whose reason ({@value #AUDIT_PACK}/{@value
     * #UNRECORDED_RULE}) says why.
     *
     * @param transfer the transfer
     * @return the decision
     * @throws InvalidTransferException if the transfer names a category, basis, jurisdiction or other name the
     *                                  policies do not declare
     */
    public Decision decide(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return decideAndRecord(transfer, caller).decision;
    }

    /** A decision and, when the audit log could not record it, why. */
    private record Verdict(Decision decision, AuditException unrecorded) {
    }

    private Verdict decideAndRecord(Transfer transfer, Caller who) {
        if (listeners.length == 0) {
            return decideRecordAndCount(transfer, who);
        }
        long start = System.nanoTime();
        Verdict v = decideRecordAndCount(transfer, who);
        long nanos = System.nanoTime() - start;
        for (DecisionListener l : listeners) {
            try {
                l.decided(transfer, v.decision, nanos);
            } catch (RuntimeException e) {
                LOG.warn("Decision listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
        return v;
    }

    private Verdict decideRecordAndCount(Transfer transfer, Caller who) {
        if (log == null) {
            return new Verdict(decideUnaudited(transfer), null);
        }
        Policies p = current;
        Transfer t;
        try {
            t = log.pseudonymise(transfer);
        } catch (AuditException e) {
            return unrecorded(p.bundle.digest(), e);
        }
        QueuedEntry entry;
        Decision d;
        boolean counted = p.compiled.counterCount() > 0;
        if (!counted) {
            d = p.compiled.decide(t, counters);
            try {
                entry = log.submit(t, d, who);
            } catch (AuditException e) {
                return unrecorded(d.policyDigest(), e);
            }
        } else {
            counting.lock();
            try {
                // A reload swaps policies and counters under this lock: read them as one.
                p = current;
                d = p.compiled.decide(t, counters);
                try {
                    entry = log.submit(t, d, who);
                } catch (AuditException e) {
                    return unrecorded(d.policyDigest(), e);
                }
                // Counted once the record is queued, in queue order, and waited for outside the lock so that
                // other threads' records share its fsync. Should that write fail, the log refuses every later
                // record, and the counters are rebuilt from what it holds (recountFromLog).
                if (d.allowed() && p.compiled.counterCount() > 0) {
                    p.compiled.record(t, counters);
                }
            } finally {
                counting.unlock();
            }
        }
        if (log.sync()) {
            try {
                entry.await();
            } catch (AuditException e) {
                if (d.allowed() && counted) {
                    recountFromLog();
                }
                return unrecorded(d.policyDigest(), e);
            }
        }
        return new Verdict(d, null);
    }

    /**
     * A record that was counted when it was queued could not be written: count again from what the log
     * holds, so that the counters never include a transfer the log does not. The log refuses every record
     * from now on, so nothing is counted meanwhile.
     */
    private void recountFromLog() {
        counting.lock();
        try {
            if (recounted) {
                return;
            }
            CounterStore fresh = new CounterStore();
            CompiledBundle compiled = current.compiled;
            for (Transfer t : history) {
                compiled.record(t, fresh);
            }
            countFromLog(fresh, compiled);
            counters = fresh;
            recounted = true;
        } catch (AuditException e) {
            LOG.error("the counters could not be rebuilt from the audit log {}: {}", audit.directory(), e.getMessage());
        } finally {
            counting.unlock();
        }
    }

    private Decision decideUnaudited(Transfer transfer) {
        CompiledBundle compiled = current.compiled;
        if (compiled.counterCount() == 0) {
            return compiled.decide(transfer, counters);
        }
        counting.lock();
        try {
            compiled = current.compiled;
            Decision d = compiled.decide(transfer, counters);
            if (d.allowed() && compiled.counterCount() > 0) {
                compiled.record(transfer, counters);
            }
            return d;
        } finally {
            counting.unlock();
        }
    }

    /**
     * Decides a transfer and, in {@link Mode#ENFORCE}, throws if it is denied. In {@link Mode#MONITOR} a
     * denial is logged and returned; in {@link Mode#OFF} nothing is decided. A decision the audit log could
     * not record is a denial (in enforce mode the exception's cause is the {@link AuditException}).
     *
     * @param transfer the transfer
     * @return the decision: allowing in enforce mode, with the obligations to carry out
     * @throws TransferDeniedException  if the transfer is denied in enforce mode; it carries the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public Decision enforce(Transfer transfer) {
        return enforce(transfer, caller);
    }

    /** Enforces for a guarded method, which the audit record names as the caller's method. */
    Decision enforceFor(Transfer transfer, String method) {
        return enforce(transfer, callerOf(method));
    }

    private Caller callerOf(String method) {
        return new Caller(caller.service(), method);
    }

    private Decision enforce(Transfer transfer, Caller who) {
        Objects.requireNonNull(transfer, "transfer");
        if (mode == Mode.OFF) {
            return offDecision();
        }
        Verdict v = decideAndRecord(transfer, who);
        Decision d = v.decision;
        if (!d.allowed()) {
            if (mode == Mode.ENFORCE) {
                TransferDeniedException denied = new TransferDeniedException(d);
                if (v.unrecorded != null) {
                    denied.initCause(v.unrecorded);
                }
                throw denied;
            }
            if (v.unrecorded != null) {
                LOG.error("Monitor mode let through a transfer that the audit log could not record: {} -> {} ({}):"
                        + " {}", transfer.origin(), transfer.destination(), String.join(", ", transfer.categories()),
                        v.unrecorded.getMessage());
            } else {
                LOG.warn("Monitor mode let through a transfer that enforce mode would deny: {} -> {} ({}): {}",
                        transfer.origin(), transfer.destination(), String.join(", ", transfer.categories()),
                        d.explain());
            }
        }
        return d;
    }

    private Verdict unrecorded(String policyDigest, AuditException e) {
        Reason reason = new Reason(AUDIT_PACK, UNRECORDED_RULE, Reason.Kind.DENY,
                "the audit log could not record the decision: " + e.getMessage(), audit.directory().toString());
        return new Verdict(new Decision(Outcome.DENY, List.of(), List.of(), List.of(reason), List.of(), policyDigest),
                e);
    }

    private Decision offDecision() {
        return new Decision(Outcome.ALLOW, List.of(), List.of(),
                List.of(new Reason("guard", "off", Reason.Kind.DEFAULT, "the guard is off", "mode")), List.of(),
                current.bundle.digest());
    }

    /** Decides an outbound call's transfer to a jurisdiction other than the one decided for its method. */
    Decision enforceOutbound(Transfer transfer, String method, String host) {
        if (mode == Mode.OFF) {
            return offDecision();
        }
        Decision d = decideAndRecord(transfer, callerOf(method)).decision;
        if (!d.allowed()) {
            String what = "Outbound call from " + method + " to " + host + " (" + transfer.destination() + "): ";
            if (mode == Mode.ENFORCE) {
                throw new TransferDeniedException(what + "transfer " + d.explain(), d);
            }
            LOG.warn("Monitor mode let through an outbound call that enforce mode would stop. {}{}", what,
                    d.explain());
        }
        return d;
    }

    /**
     * Acts on a host no rule maps: stops the call in enforce mode (unless unmapped hosts are allowed for
     * outbound calls), logs it in monitor mode.
     */
    Decision unmappedHost(String method, String host, boolean outbound) {
        String because = "no host rule gives the jurisdiction of host " + host;
        Decision d = new Decision(Outcome.DENY, List.of(), List.of(),
                List.of(new Reason("guard", "unmapped-host", Reason.Kind.DENY, because, "host rules")), List.of(),
                current.bundle.digest());
        if (mode == Mode.OFF || (outbound && allowUnmappedHosts)) {
            return offDecision();
        }
        String what = (outbound ? "Outbound call from " : "Call of ") + method + ": ";
        if (mode == Mode.ENFORCE) {
            throw new TransferDeniedException(what + "transfer denied: " + because + "; add a host rule", d);
        }
        LOG.warn("Monitor mode let through a call that enforce mode would stop. {}{}", what, because);
        return d;
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
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(target, "target");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        Map<Method, GuardedMethod> guarded = new HashMap<>();
        for (Method m : iface.getMethods()) {
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers()) && MethodPlan.isGuarded(m, target.getClass())) {
                guarded.put(m, new GuardedMethod(this, plan(m, target.getClass())));
            }
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "Guarded " + target;
                    default -> call(method, target, args);
                };
            }
            GuardedMethod g = guarded.get(method);
            return g == null ? call(method, target, args) : g.invoke(args, () -> call(method, target, args));
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            if (method.trySetAccessible()) {
                return call(method, target, args);
            }
            throw e;
        }
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
        MethodKey key = new MethodKey(method, targetClass != null ? targetClass : method.getDeclaringClass());
        GuardedMethod g = methods.get(key);
        if (g == null) {
            g = methods.computeIfAbsent(key, k -> new GuardedMethod(this, plan(k.method(), k.target())));
        }
        return g;
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

    /** Plans a method and checks its annotation's names against the policies. */
    private MethodPlan plan(Method method, Class<?> targetClass) {
        MethodPlan plan = MethodPlan.of(method, targetClass, classifier, jurisdiction);
        checkPlan(plan, current);
        return plan;
    }

    private static void checkPlan(MethodPlan plan, Policies p) {
        if (!p.bundle.categories().isEmpty()) {
            try {
                p.compiled.decide(plan.probe(p.bundle.categories().iterator().next()), null);
            } catch (InvalidTransferException e) {
                throw new InvalidAnnotationException(plan.name() + ": @GuardedTransfer: " + e.getMessage());
            }
        }
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
     * Decides a transfer without counting or recording it: what {@link #decide(Transfer)} would answer now.
     *
     * @param transfer the transfer
     * @return the decision
     */
    public Decision preview(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        Transfer t = transfer;
        if (log != null && !transfer.subjects().ids().isEmpty()) {
            try {
                // The counters hold pseudonyms: compare like with like.
                t = log.pseudonymise(transfer);
            } catch (AuditException e) {
                t = transfer;
            }
        }
        counting.lock();
        try {
            return current.compiled.decide(t, counters);
        } finally {
            counting.unlock();
        }
    }

    /**
     * The policies this guard decides under now.
     *
     * @return the bundle in force
     */
    public PolicyBundle policies() {
        return current.bundle;
    }

    /**
     * Replaces the policies, e.g. after the policy files changed, without stopping traffic. The new bundle
     * must pass every check the guard made at build: its signature under the trusted policy keys, the names of
     * the bases on file and of every guarded method planned so far; and it must declare every category the
     * policies in force declare (classes already planned name them). The counters are then rebuilt under the
     * new policies from the history and the audit log (without a log, they carry over by counter name), and
     * the new policies take over for the next decision.
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
        String inForce = current.bundle.digest();
        try {
            PolicyBundle next = Objects.requireNonNull(loader.get(), "the loader returned no policies");
            if (!trustedPolicyKeys.isEmpty()) {
                next.verifySignature(trustedPolicyKeys);
            }
            Policies p = Policies.of(next);
            List<String> dropped = current.bundle.categories().stream()
                    .filter(c -> !next.categories().contains(c)).toList();
            if (!dropped.isEmpty()) {
                throw new GuardException("the new policies no longer declare the categories " + dropped
                        + ", which guarded classes may name; restart the service to remove categories");
            }
            checkBases(p);
            for (GuardedMethod m : methods.values()) {
                checkPlan(m.plan(), p);
            }
            counting.lock();
            try {
                CounterStore next2 = counters;
                if (p.compiled.counterCount() > 0 && (audit != null || !history.isEmpty())) {
                    next2 = new CounterStore();
                    for (Transfer t : history) {
                        p.compiled.record(t, next2);
                    }
                    if (audit != null) {
                        countFromLog(next2, p.compiled);
                    }
                }
                counters = next2;
                current = p;
            } finally {
                counting.unlock();
            }
            LOG.info("policies reloaded: {} replaces {}", next.digest(), inForce);
        } catch (RuntimeException e) {
            LOG.error("policy reload failed; the policies in force stay {}: {}", inForce, e.getMessage());
            throw new PolicyReloadException("policy reload failed; the policies in force stay " + inForce + ": "
                    + e.getMessage(), inForce, e);
        }
    }

    /**
     * The service's own jurisdiction: the origin of guarded methods that do not name one.
     *
     * @return an ISO 3166-1 alpha-2 code, or {@code null} when not configured
     */
    public String jurisdiction() {
        return jurisdiction;
    }

    /**
     * The rules that map hosts to jurisdictions.
     *
     * @return the host rules
     */
    public HostRules hosts() {
        return hosts;
    }

    /**
     * The legal bases on file, per recipient and per destination.
     *
     * @return the bases
     */
    public BasesOnFile bases() {
        return bases;
    }

    /** Configures a {@link Guard}; {@link #build()} ends. */
    public static final class Builder {
        private Mode mode = Mode.ENFORCE;
        private PolicyBundle policies;
        private final List<Transfer> history = new ArrayList<>();
        private String jurisdiction;
        private HostRules hosts = HostRules.NONE;
        private BasesOnFile bases = BasesOnFile.NONE;
        private byte[] pseudonymKey;
        private boolean allowUnmappedHosts;
        private final List<DecisionListener> listeners = new ArrayList<>();
        private AuditLog audit;
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
         * Sets the service's own jurisdiction, the origin of guarded methods that do not name one.
         *
         * @param jurisdiction an ISO 3166-1 alpha-2 code (any case)
         * @return this builder
         * @throws IllegalArgumentException if the code is unknown
         */
        public Builder jurisdiction(String jurisdiction) {
            String code = Objects.requireNonNull(jurisdiction, "jurisdiction").trim().toUpperCase(Locale.ROOT);
            if (Jurisdictions.index(code) < 0) {
                throw new IllegalArgumentException("jurisdiction '" + jurisdiction
                        + "' is not an ISO 3166-1 alpha-2 code such as CN or DE");
            }
            this.jurisdiction = code;
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
         * Sets the secret key of subject-id pseudonyms (HMAC-SHA256). Keep it as long as the counters and
         * logs that hold pseudonyms: a new key makes the same person a new pseudonym. Without a key, a random
         * one is made for this guard.
         *
         * @param key at least 16 bytes; copied
         * @return this builder
         * @throws IllegalArgumentException if the key is shorter than 16 bytes
         */
        public Builder pseudonymKey(byte[] key) {
            if (key == null || key.length < Pseudonyms.MIN_KEY_BYTES) {
                throw new IllegalArgumentException(
                        "the pseudonym key must have at least " + Pseudonyms.MIN_KEY_BYTES + " bytes");
            }
            this.pseudonymKey = key.clone();
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
         * Records every decision in an audit log, and rebuilds the counters from the allowed decisions it
         * already holds. The guard does not close the log.
         *
         * @param log an open audit log
         * @return this builder
         */
        public Builder audit(AuditLog log) {
            this.audit = Objects.requireNonNull(log, "log");
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
