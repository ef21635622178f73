package dev.transferguard.spring;

import dev.transferguard.Guard;
import dev.transferguard.GuardedMethod;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Guards the methods of Spring beans annotated {@link dev.transferguard.annotation.GuardedTransfer} (on the
 * method or its class): their arguments are classified and the transfer decided before the method runs. In
 * enforce mode a denied transfer throws {@link dev.transferguard.TransferDeniedException} and the method does
 * not run; outbound HTTP calls it makes are checked by the client integrations.
 */
@Aspect
public class GuardAspect implements Ordered {

    private final Guard guard;
    private final int order;
    /** What each method called on each class resolves to, worked out on its first call. */
    private final Map<Call, Optional<GuardedMethod>> resolved = new ConcurrentHashMap<>();

    /** A method as called on a class. */
    private record Call(Method method, Class<?> targetClass) {
    }

    /**
     * Creates the aspect.
     *
     * @param guard the guard that decides
     * @param order the aspect's order among advisors
     */
    public GuardAspect(Guard guard, int order) {
        this.guard = guard;
        this.order = order;
    }

    /**
     * Decides a guarded call, then runs it if it may go ahead.
     *
     * @param call the call
     * @return what the method returned
     * @throws Throwable a denial, or what the method threw
     */
    @Around("@within(dev.transferguard.annotation.GuardedTransfer)"
            + " || @annotation(dev.transferguard.annotation.GuardedTransfer)")
    public Object guard(ProceedingJoinPoint call) throws Throwable {
        Method method = ((MethodSignature) call.getSignature()).getMethod();
        Object target = call.getTarget();
        Call key = new Call(method, target != null ? target.getClass() : method.getDeclaringClass());
        Optional<GuardedMethod> guarded = resolved.get(key);
        if (guarded == null) {
            guarded = resolved.computeIfAbsent(key, this::resolve);
        }
        if (guarded.isEmpty()) {
            return call.proceed();
        }
        return guarded.get().invoke(call.getArgs(), call::proceed);
    }

    private Optional<GuardedMethod> resolve(Call call) {
        Class<?> targetClass = ClassUtils.getUserClass(call.targetClass());
        Method specific = AopUtils.getMostSpecificMethod(call.method(), targetClass);
        return Guard.isGuarded(specific, targetClass) ? Optional.of(guard.method(specific, targetClass))
                : Optional.empty();
    }

    @Override
    public int getOrder() {
        return order;
    }
}
