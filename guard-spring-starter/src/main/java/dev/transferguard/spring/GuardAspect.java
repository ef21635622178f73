package dev.transferguard.spring;

import dev.transferguard.Guard;
import dev.transferguard.GuardedMethod;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.MethodMatcher;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.aspectj.AspectJExpressionPointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Guards the methods of Spring beans annotated {@link dev.transferguard.annotation.GuardedTransfer} (on the
 * method or its class): their arguments are classified and the transfer decided before the method runs. In
 * enforce mode a denied transfer throws {@link dev.transferguard.TransferDeniedException} and the method does
 * not run; outbound HTTP calls it makes are checked by the client integrations.
 *
 * <p>An advisor that Spring's auto-proxying applies like an aspect: the methods it applies to are those of the
 * AspectJ pointcut {@value #POINTCUT}, matched once per method when the bean is proxied. Each call then goes
 * straight to the method's {@link GuardedMethod}, planned on its first call: no join point is built, no advice
 * arguments are bound and no advice method is called reflectively, as an {@code @Around} advice would need.
 */
public class GuardAspect implements PointcutAdvisor, MethodInterceptor, Ordered {

    /** The methods guarded: those annotated, and those of annotated classes. */
    public static final String POINTCUT = "@within(dev.transferguard.annotation.GuardedTransfer)"
            + " || @annotation(dev.transferguard.annotation.GuardedTransfer)";

    /** Looked up on a method's first call, not when the advisor is made: see {@link #GuardAspect(Supplier, int)}. */
    private final Supplier<Guard> guard;
    private final int order;
    private final Pointcut pointcut;
    /** Where the observer comes from, asked once, on the first guarded call. */
    private final Supplier<GuardedCallObserver> observers;
    private volatile GuardedCallObserver observer;
    private volatile boolean observerResolved;
    /** What each method called on each class resolves to, worked out on its first call. */
    private final Map<Call, Optional<GuardedMethod>> resolved = new ConcurrentHashMap<>();

    /**
     * A method as called on a class. Compared by identity first: Spring hands the same {@link Method} for each
     * call of a proxied method, and a record's generic equality would compare its parameters every call.
     */
    private record Call(Method method, Class<?> targetClass) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && targetClass == c.targetClass
                    && (method == c.method || method.equals(c.method));
        }

        @Override
        public int hashCode() {
            return 31 * method.hashCode() + targetClass.hashCode();
        }
    }

    /**
     * Creates the aspect.
     *
     * @param guard the guard that decides
     * @param order the aspect's order among advisors
     */
    public GuardAspect(Guard guard, int order) {
        this(() -> guard, order);
    }

    /**
     * Creates the aspect with the guard looked up when a guarded method is first called. Advisors are made
     * before other beans, for the auto-proxy creator: an advisor holding the guard would make the guard, its
     * policies, audit log and listeners (and their meter registry) too early for the post-processors that
     * should see them.
     *
     * @param guard where the guard comes from, e.g. {@code ObjectProvider<Guard>::getObject}
     * @param order the aspect's order among advisors
     */
    public GuardAspect(Supplier<Guard> guard, int order) {
        this(guard, order, () -> null);
    }

    /**
     * Creates the aspect with an observer of each guarded call.
     *
     * @param guard     where the guard comes from
     * @param order     the aspect's order among advisors
     * @param observers where the observer comes from, asked on the first guarded call; it may give {@code null}
     */
    public GuardAspect(Supplier<Guard> guard, int order, Supplier<GuardedCallObserver> observers) {
        this.guard = guard;
        this.order = order;
        this.observers = observers;
        this.pointcut = new Matching(expression());
    }

    private static AspectJExpressionPointcut expression() {
        AspectJExpressionPointcut expression = new AspectJExpressionPointcut();
        expression.setPointcutDeclarationScope(GuardAspect.class);
        expression.setExpression(POINTCUT);
        return expression;
    }

    /**
     * The AspectJ pointcut's matching, behind a plain static pointcut: the pointcut needs no run-time test, and
     * a plain one does not make Spring add its invocation-exposing interceptor to every guarded call.
     */
    private static final class Matching extends StaticMethodMatcherPointcut {
        private final AspectJExpressionPointcut expression;

        Matching(AspectJExpressionPointcut expression) {
            this.expression = expression;
        }

        @Override
        public ClassFilter getClassFilter() {
            return expression.getClassFilter();
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            MethodMatcher m = expression.getMethodMatcher();
            return m.matches(method, targetClass);
        }
    }

    /**
     * Decides a guarded call, then runs it if it may go ahead.
     *
     * @param call the call
     * @return what the method returned
     * @throws Throwable a denial, or what the method threw
     */
    @Override
    public Object invoke(MethodInvocation call) throws Throwable {
        Method method = call.getMethod();
        Object target = call.getThis();
        Call key = new Call(method, target != null ? target.getClass() : method.getDeclaringClass());
        Optional<GuardedMethod> guarded = resolved.get(key);
        if (guarded == null) {
            guarded = resolved.computeIfAbsent(key, this::resolve);
        }
        if (guarded.isEmpty()) {
            return call.proceed();
        }
        // The arguments are read, never changed: the invocation's own array serves.
        GuardedCallObserver observing = observer();
        if (observing == null) {
            return guarded.get().invoke(call.getArguments(), call::proceed);
        }
        GuardedMethod guardedMethod = guarded.get();
        return observing.observe(guardedMethod, () -> guardedMethod.invoke(call.getArguments(), call::proceed));
    }

    private GuardedCallObserver observer() {
        if (!observerResolved) {
            observer = observers.get();
            observerResolved = true;
        }
        return observer;
    }

    private Optional<GuardedMethod> resolve(Call call) {
        Class<?> targetClass = ClassUtils.getUserClass(call.targetClass());
        Method specific = AopUtils.getMostSpecificMethod(call.method(), targetClass);
        return Guard.isGuarded(specific, targetClass) ? Optional.of(guard.get().method(specific, targetClass))
                : Optional.empty();
    }

    /**
     * The methods this advisor applies to.
     *
     * @return the pointcut of {@value #POINTCUT}
     */
    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    /**
     * The advice: this interceptor.
     *
     * @return this
     */
    @Override
    public Advice getAdvice() {
        return this;
    }

    @Override
    public int getOrder() {
        return order;
    }
}
