package dev.transferguard.spring;

import dev.transferguard.Guard;
import dev.transferguard.annotation.GuardedTransfer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Plans every guarded method of every bean when the context starts, so that an annotation mistake (an
 * unknown category, a missing destination, a misspelt recipient kind) stops the application at startup with
 * the class and member named, instead of failing its first call.
 */
public class GuardedMethodsVerifier implements SmartInitializingSingleton {

    private final Guard guard;
    private final ListableBeanFactory beans;

    /**
     * Creates the verifier.
     *
     * @param guard the guard whose policies the annotations are checked against
     * @param beans the beans to look through
     */
    public GuardedMethodsVerifier(Guard guard, ListableBeanFactory beans) {
        this.guard = guard;
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String name : beans.getBeanDefinitionNames()) {
            Class<?> type = beans.getType(name, false);
            if (type != null) {
                verify(ClassUtils.getUserClass(type));
            }
        }
    }

    /**
     * Plans the guarded methods of a class.
     *
     * @param type a bean class
     * @throws dev.transferguard.InvalidAnnotationException if an annotation cannot be used
     */
    public void verify(Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, GuardedTransfer.class)) {
            return;
        }
        for (Method m : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && Guard.isGuarded(m, type)) {
                guard.method(m, type);
            }
        }
    }
}
