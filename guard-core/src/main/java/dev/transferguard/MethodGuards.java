package dev.transferguard;

import dev.transferguard.audit.DecisionRecorder;
import dev.transferguard.internal.Pseudonyms;
import dev.transferguard.internal.classify.Classifier;
import dev.transferguard.internal.classify.MethodPlan;
import dev.transferguard.policy.internal.check.Jurisdictions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The guarded methods of one guard: plans each annotated method once, checks its names against the policies,
 * keeps it, and builds the proxies of {@link Guard#protect(Class, Object)}.
 */
final class MethodGuards {

    private final Guard guard;
    private final Classifier classifier;
    private final String jurisdiction;
    private final Supplier<PolicySnapshot> policies;
    private final Map<MethodKey, GuardedMethod> methods = new ConcurrentHashMap<>();

    /** A method as called on objects of a class. */
    private record MethodKey(Method method, Class<?> target) {
    }

    /** With the guard's pseudonym key, or the audit recorder's: see {@link #idPseudonyms}. */
    MethodGuards(Guard guard, byte[] pseudonymKey, DecisionRecorder audit, String jurisdiction,
            Supplier<PolicySnapshot> policies) {
        this.guard = guard;
        this.classifier = new Classifier(policies.get().bundle().categories(), idPseudonyms(pseudonymKey, audit));
        this.jurisdiction = jurisdiction;
        this.policies = policies;
    }

    /**
     * The service's jurisdiction as guarded methods take it for their origin.
     *
     * @throws IllegalArgumentException if the code is unknown
     */
    static String jurisdictionCode(String jurisdiction) {
        String code = Objects.requireNonNull(jurisdiction, "jurisdiction").trim().toUpperCase(Locale.ROOT);
        if (Jurisdictions.index(code) < 0) {
            throw new IllegalArgumentException("jurisdiction '" + jurisdiction
                    + "' is not an ISO 3166-1 alpha-2 code such as CN or DE");
        }
        return code;
    }

    /**
     * Which key pseudonymises the subject ids of guarded methods: one per id and call. With an audit recorder,
     * none here: the recorder pseudonymises the transfer once with its key, so that records and the counters
     * rebuilt from them after a restart hold the same pseudonyms whatever the guard's key. Without one, the
     * guard's key, or a random key when none was given.
     *
     * @return the classifier's pseudonyms; {@code null} when the recorder makes them
     */
    private static Pseudonyms idPseudonyms(byte[] pseudonymKey, DecisionRecorder audit) {
        if (audit != null) {
            return null;
        }
        byte[] key = pseudonymKey;
        if (key == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        return new Pseudonyms(key);
    }

    /**
     * A copy of the key of the pseudonyms guarded methods give subject ids.
     *
     * @throws IllegalArgumentException if the key is too short
     */
    static byte[] pseudonymKey(byte[] key) {
        return Pseudonyms.checkKey(key, "the pseudonym key");
    }

    /** See {@link Guard#protect(Class, Object)}. */
    <T> T protect(Class<T> iface, T target) {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(target, "target");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        Map<Method, GuardedMethod> guarded = new HashMap<>();
        for (Method m : iface.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && MethodPlan.isGuarded(m, target.getClass())) {
                guarded.put(m, new GuardedMethod(guard, plan(m, target.getClass())));
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
            if (g != null) {
                return g.invoke(args, () -> call(method, target, args));
            }
            if (method.isDefault() && !overrides(target.getClass(), method)) {
                // Run the interface's own body on the proxy, so that the guarded methods it calls are decided.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return call(method, target, args);
        };
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
    }

    /** Whether a class implements a default method itself rather than taking the interface's body. */
    private static boolean overrides(Class<?> type, Method method) {
        try {
            return !type.getMethod(method.getName(), method.getParameterTypes()).isDefault();
        } catch (NoSuchMethodException e) {
            return false;
        }
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

    /** See {@link Guard#method(Method, Class)}. */
    GuardedMethod method(Method method, Class<?> targetClass) {
        MethodKey key = new MethodKey(method, targetClass != null ? targetClass : method.getDeclaringClass());
        GuardedMethod g = methods.get(key);
        if (g == null) {
            g = methods.computeIfAbsent(key, k -> new GuardedMethod(guard, plan(k.method(), k.target())));
        }
        return g;
    }

    /**
     * Checks every method planned so far against policies about to take over.
     *
     * @throws InvalidAnnotationException if one names something they do not declare
     */
    void checkAll(PolicySnapshot next) {
        for (GuardedMethod m : methods.values()) {
            next.checkPlan(m.plan());
        }
    }

    /** Plans a method and checks its annotation's names against the policies in force. */
    private MethodPlan plan(Method method, Class<?> targetClass) {
        MethodPlan plan = MethodPlan.of(method, targetClass, classifier, jurisdiction);
        policies.get().checkPlan(plan);
        return plan;
    }
}
