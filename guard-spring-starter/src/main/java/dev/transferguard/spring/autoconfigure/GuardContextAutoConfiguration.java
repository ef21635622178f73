package dev.transferguard.spring.autoconfigure;

import dev.transferguard.GuardedCall;
import dev.transferguard.spring.context.GuardedCallAccessor;
import io.micrometer.context.ContextRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * Hands the guarded call on with the work a guarded method gives to other threads, so that what that work
 * sends over HTTP is checked as if the method sent it: a {@link TaskDecorator}, which Spring Boot applies to
 * the executor it configures (and so to {@code @Async} methods), and, with Micrometer's context propagation,
 * the call as a propagated thread-local for Reactor. An application with a task decorator of its own composes
 * it with {@link GuardedCall#propagate(Runnable)}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
        "org.springframework.boot.task.autoconfigure.TaskExecutionAutoConfiguration"})
@Conditional(OnGuardEnabledCondition.class)
public class GuardContextAutoConfiguration {

    /**
     * Runs each task inside the guarded call that submitted it, if any.
     *
     * @return the decorator
     */
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    public TaskDecorator guardTaskDecorator() {
        return GuardedCall::propagate;
    }

    /** The call in Micrometer's context propagation, which Reactor's automatic propagation reads. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.context.ContextRegistry")
    static class PropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        GuardedCallAccessor guardedCallAccessor() {
            GuardedCallAccessor accessor = new GuardedCallAccessor();
            ContextRegistry.getInstance().registerThreadLocalAccessor(accessor);
            return accessor;
        }
    }

    /** Reactor restores propagated thread-locals on the threads its operators run on once this is on. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"reactor.core.publisher.Hooks", "io.micrometer.context.ContextRegistry"})
    static class ReactorConfiguration {

        ReactorConfiguration() {
            reactor.core.publisher.Hooks.enableAutomaticContextPropagation();
        }
    }
}
