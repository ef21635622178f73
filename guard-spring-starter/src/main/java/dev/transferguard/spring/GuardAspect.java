package dev.transferguard.spring;

import dev.transferguard.Guard;
import java.lang.reflect.Method;
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
        Class<?> targetClass = ClassUtils.getUserClass(target != null ? AopUtils.getTargetClass(target)
                : method.getDeclaringClass());
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (!Guard.isGuarded(specific, targetClass)) {
            return call.proceed();
        }
        return guard.method(specific, targetClass).invoke(call.getArgs(), call::proceed);
    }

    @Override
    public int getOrder() {
        return order;
    }
}
