package dev.transferguard.internal.classify;

import dev.transferguard.Action;
import dev.transferguard.BasesOnFile;
import dev.transferguard.HostRules;
import dev.transferguard.InvalidAnnotationException;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Recipient;
import dev.transferguard.Transfer;
import dev.transferguard.annotation.Answer;
import dev.transferguard.annotation.Destination;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.policy.internal.check.Jurisdictions;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to turn a call of one guarded method into a {@link Transfer}, worked out once: the merged
 * {@link GuardedTransfer} attributes, where the destination comes from, and which parameters to classify.
 */
public final class MethodPlan {

    private final String name;
    private final Action action;
    private final String origin;
    private final String fixedDestination;
    private final int destinationIndex;
    private final Recipient recipient;
    private final String transaction;
    private final String purpose;
    private final Slot[] slots;
    private final Classifier classifier;

    private MethodPlan(String name, GuardedTransfer onMethod, GuardedTransfer onType, String ownJurisdiction,
            Method method, Method specific, Classifier classifier) {
        this.name = name;
        this.classifier = classifier;
        this.action = onMethod != null && onMethod.action() != Action.TRANSFER ? onMethod.action()
                : onType != null ? onType.action() : Action.TRANSFER;
        String originGiven = pick(onMethod, onType, GuardedTransfer::origin);
        this.origin = code(originGiven != null ? originGiven : ownJurisdiction, "origin", originGiven == null);
        String destination = pick(onMethod, onType, GuardedTransfer::destination);
        this.destinationIndex = destinationParameter(method, specific);
        if (destination == null && destinationIndex < 0) {
            throw new InvalidAnnotationException(name + ": @GuardedTransfer needs a destination: set"
                    + " destination = \"XX\", or mark a parameter @Destination");
        }
        if (destination != null && destinationIndex >= 0) {
            throw new InvalidAnnotationException(name + ": @GuardedTransfer has both a fixed destination and a"
                    + " @Destination parameter; keep one");
        }
        this.fixedDestination = destination == null ? null : code(destination, "destination", false);
        Answer covered = onMethod != null && onMethod.coveredPerson() != Answer.UNSAID ? onMethod.coveredPerson()
                : onType != null ? onType.coveredPerson() : Answer.UNSAID;
        this.recipient = new Recipient(pick(onMethod, onType, GuardedTransfer::recipient),
                pick(onMethod, onType, GuardedTransfer::recipientKind), null, covered.asFact());
        this.transaction = pick(onMethod, onType, GuardedTransfer::transaction);
        this.purpose = pick(onMethod, onType, GuardedTransfer::purpose);
        this.slots = parameterSlots(method, specific);
    }

    /**
     * Plans a guarded method.
     *
     * @param method          the method as called (an interface method, for a proxy)
     * @param targetClass     the class of the object called, whose method and type annotations count too;
     *                        {@code null} for the method's declaring class
     * @param classifier      classifies the arguments
     * @param ownJurisdiction the service's own jurisdiction, the default origin; may be {@code null}
     * @return the plan
     * @throws InvalidAnnotationException if the method is not guarded or its annotations cannot be used
     */
    public static MethodPlan of(Method method, Class<?> targetClass, Classifier classifier, String ownJurisdiction) {
        Class<?> target = targetClass != null ? targetClass : method.getDeclaringClass();
        Method specific = specific(method, target);
        GuardedTransfer onMethod = first(specific.getAnnotation(GuardedTransfer.class), inherited(method, false));
        GuardedTransfer onType = first(target.getAnnotation(GuardedTransfer.class), inherited(method, true));
        boolean generated = target.isSynthetic() || target.isAnonymousClass() || target.getName().contains("$$");
        String name = (generated ? method.getDeclaringClass() : target).getSimpleName() + "." + method.getName();
        if (onMethod == null && onType == null) {
            throw new InvalidAnnotationException(name + " is not annotated @GuardedTransfer");
        }
        MethodPlan plan = new MethodPlan(name, onMethod, onType, ownJurisdiction, method, specific, classifier);
        Parameter[] params = specific.getParameters();
        Parameter[] declared = method.getParameters();
        for (int i = 0; i < params.length; i++) {
            if (i != plan.destinationIndex) {
                classifier.prepare(params[i].getParameterizedType());
                classifier.prepare(declared[i].getParameterizedType());
            }
        }
        return plan;
    }

    /**
     * Whether a method is guarded: it, or the class that declares it, is annotated {@link GuardedTransfer}.
     * {@code equals}, {@code hashCode} and {@code toString} never are.
     *
     * @param method      a method
     * @param targetClass the class of the object called, or {@code null}
     * @return {@code true} if calls of it are decided
     */
    public static boolean isGuarded(Method method, Class<?> targetClass) {
        if (isObjectMethod(method)) {
            return false;
        }
        Class<?> target = targetClass != null ? targetClass : method.getDeclaringClass();
        return specific(method, target).isAnnotationPresent(GuardedTransfer.class)
                || target.isAnnotationPresent(GuardedTransfer.class)
                || inherited(method, false) != null || inherited(method, true) != null;
    }

    /**
     * The annotation of a method, or of a method it overrides in a superclass or super-interface, or (with
     * {@code onType}) of the type declaring one of them: a sub-interface that declares a guarded method again
     * without the annotation must not make it unguarded.
     */
    private static GuardedTransfer inherited(Method method, boolean onType) {
        java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        todo.add(method.getDeclaringClass());
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (c == Object.class || !seen.add(c)) {
                continue;
            }
            Method m = c == method.getDeclaringClass() ? method : declaredIn(c, method);
            if (m != null) {
                GuardedTransfer a = onType ? c.getAnnotation(GuardedTransfer.class)
                        : m.getAnnotation(GuardedTransfer.class);
                if (a != null) {
                    return a;
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return null;
    }

    private static Method declaredIn(Class<?> c, Method method) {
        try {
            Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return java.lang.reflect.Modifier.isPrivate(m.getModifiers()) ? null : m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean isObjectMethod(Method m) {
        String n = m.getName();
        int params = m.getParameterCount();
        return m.getDeclaringClass() == Object.class
                || (params == 0 && (n.equals("hashCode") || n.equals("toString")))
                || (params == 1 && n.equals("equals") && m.getParameterTypes()[0] == Object.class);
    }

    private static Method specific(Method method, Class<?> target) {
        if (target == method.getDeclaringClass()) {
            return method;
        }
        for (Class<?> c = target; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return method;
    }

    private static <A extends Annotation> A first(A a, A b) {
        return a != null ? a : b;
    }

    private static String pick(GuardedTransfer onMethod, GuardedTransfer onType,
            java.util.function.Function<GuardedTransfer, String> attribute) {
        String v = onMethod == null ? "" : attribute.apply(onMethod);
        if (v.isEmpty() && onType != null) {
            v = attribute.apply(onType);
        }
        return v.isEmpty() ? null : v;
    }

    private String code(String value, String what, boolean fromGuard) {
        if (value == null) {
            throw new InvalidAnnotationException(name + ": no origin: set @GuardedTransfer(origin = \"XX\") or the"
                    + " guard's own jurisdiction");
        }
        if (Jurisdictions.index(value) < 0) {
            String source = fromGuard ? "the guard's own jurisdiction" : "@GuardedTransfer " + what;
            throw new InvalidAnnotationException(name + ": " + source + " '" + value
                    + "' is not an ISO 3166-1 alpha-2 code such as CN or DE");
        }
        return value;
    }

    private int destinationParameter(Method method, Method specific) {
        int found = -1;
        Parameter[] params = specific.getParameters();
        for (int i = 0; i < params.length; i++) {
            if (params[i].isAnnotationPresent(Destination.class)
                    || method.getParameters()[i].isAnnotationPresent(Destination.class)) {
                if (found >= 0) {
                    throw new InvalidAnnotationException(name + ": more than one parameter is marked @Destination");
                }
                Class<?> t = params[i].getType();
                if (t != URI.class && t != URL.class && !CharSequence.class.isAssignableFrom(t)) {
                    throw new InvalidAnnotationException(name + ": the @Destination parameter must be a URI, a URL"
                            + " or a String (a country code or a URL), not " + t.getSimpleName());
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * The parameter's type as precisely as it is known: an implementation (a lambda, a generated class) may
     * declare the erased {@code Supplier} where the interface says {@code Supplier<String>}.
     */
    private static java.lang.reflect.Type preciser(java.lang.reflect.Type specific, java.lang.reflect.Type declared) {
        return specific instanceof Class<?> && !(declared instanceof Class<?>) ? declared : specific;
    }

    private Slot[] parameterSlots(Method method, Method specific) {
        Parameter[] params = specific.getParameters();
        Parameter[] declared = method.getParameters();
        List<Slot> list = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            if (i == destinationIndex) {
                continue;
            }
            AnnotatedElement annotations = params[i].getAnnotations().length > 0 ? params[i] : declared[i];
            Slot s = classifier.parameterSlot(name + "(" + params[i].getName() + ")", annotations,
                    preciser(params[i].getParameterizedType(), declared[i].getParameterizedType()), i);
            if (s != null) {
                list.add(s);
            }
        }
        return list.toArray(new Slot[0]);
    }

    /**
     * {@code Class.method}, for messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The destination when it is fixed by the annotation.
     *
     * @return the code, or {@code null} when a parameter gives it
     */
    public String fixedDestination() {
        return fixedDestination;
    }

    /**
     * Classifies the arguments of a call.
     *
     * @param args the arguments
     * @return what they hold
     * @throws InvalidTransferException if a residence or citizenship is malformed or the arguments are too deep
     */
    public Classification classify(Object[] args) {
        return classifier.classify(args == null ? new Object[0] : args, slots);
    }

    /**
     * The host named by the {@code @Destination} argument, for a message when no rule maps it.
     *
     * @param args the arguments
     * @return the host, or {@code null} when the destination is a code or fixed
     */
    public String destinationHost(Object[] args) {
        if (destinationIndex < 0) {
            return null;
        }
        URI uri = uri(args[destinationIndex]);
        return uri == null ? null : uri.getHost();
    }

    /**
     * Where the data of a call goes.
     *
     * @param args  the arguments
     * @param hosts maps URL hosts to jurisdictions
     * @return the code, or {@code null} when the {@code @Destination} URL's host has no rule
     * @throws InvalidTransferException if the {@code @Destination} argument is missing or malformed
     */
    public String destination(Object[] args, HostRules hosts) {
        if (destinationIndex < 0) {
            return fixedDestination;
        }
        Object v = args[destinationIndex];
        if (v == null) {
            throw new InvalidTransferException(name + ": the @Destination argument is null", "destination");
        }
        if (v instanceof CharSequence cs && cs.length() == 2) {
            String code = cs.toString().toUpperCase(Locale.ROOT);
            if (Jurisdictions.index(code) < 0) {
                throw new InvalidTransferException(name + ": the @Destination argument is not a known ISO 3166-1"
                        + " alpha-2 code", "destination");
            }
            return code;
        }
        URI uri = uri(v);
        if (uri == null || uri.getHost() == null) {
            throw new InvalidTransferException(name + ": the @Destination argument is neither a country code nor a"
                    + " URL with a host", "destination");
        }
        return hosts.jurisdictionOf(uri.getHost(), port(uri)).orElse(null);
    }

    /**
     * The port a URI connects to: its own, or the scheme's default for http and https.
     *
     * @param uri a URI
     * @return the port, or {@code -1} when unknown
     */
    public static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    private static URI uri(Object v) {
        try {
            if (v instanceof URI u) {
                return u;
            }
            if (v instanceof URL u) {
                return u.toURI();
            }
            if (v instanceof CharSequence cs && cs.length() != 2) {
                return new URI(cs.toString().trim());
            }
        } catch (URISyntaxException e) {
            return null;
        }
        return null;
    }

    /**
     * The transfer a call makes.
     *
     * @param what        what the arguments hold (not empty)
     * @param destination where the data goes
     * @param bases       the bases on file
     * @param entity      the attributes of the exporting entity on file
     * @return the transfer, dated today (UTC)
     */
    public Transfer transfer(Classification what, String destination, BasesOnFile bases, Map<String, Object> entity) {
        return new Transfer(action, today(), origin, destination, what.categories(),
                what.subjects(), entity, recipient, transaction, purpose,
                bases.forTransfer(recipient.name(), destination));
    }

    /** A day and its date. */
    private record Day(long epochDay, LocalDate date) {
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** The date of the latest call: reading the clock is cheap, making a date through the zone rules is not. */
    private static volatile Day today = new Day(Long.MIN_VALUE, LocalDate.EPOCH);

    /** Today in UTC. */
    static LocalDate today() {
        long epochDay = Math.floorDiv(System.currentTimeMillis(), MILLIS_PER_DAY);
        Day d = today;
        if (d.epochDay() != epochDay) {
            d = new Day(epochDay, LocalDate.ofEpochDay(epochDay));
            today = d;
        }
        return d.date();
    }

    /**
     * A transfer with the method's fixed parts and one category, for checking the annotation's names against
     * the policies at startup.
     *
     * @param category any declared category
     * @return the probe
     */
    public Transfer probe(String category) {
        String destination = fixedDestination != null ? fixedDestination : origin;
        return new Transfer(action, LocalDate.now(ZoneOffset.UTC), origin, destination, List.of(category),
                dev.transferguard.Subjects.NONE, Map.of(), recipient, transaction, purpose, List.of());
    }

    @Override
    public String toString() {
        return "MethodPlan[" + name + ", " + origin + " -> "
                + (fixedDestination != null ? fixedDestination : "@Destination") + ", " + Arrays.toString(slots) + "]";
    }
}
