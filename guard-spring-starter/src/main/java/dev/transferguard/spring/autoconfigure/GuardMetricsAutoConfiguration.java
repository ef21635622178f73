package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.GuardedCallObserver;
import dev.transferguard.spring.metrics.GuardMetrics;
import dev.transferguard.spring.metrics.ObservedGuardedCalls;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters of the guard's decisions, when the application has a {@link MeterRegistry}. */
@AutoConfiguration(afterName = {
        // Spring Boot 3
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        // Spring Boot 4: without these, the registry's condition would be read too early and the meters be off
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        // The observation registry, on either line
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public class GuardMetricsAutoConfiguration {

    /**
     * The meters.
     *
     * @param registry   where they are registered
     * @param properties the configuration, for the guard's mode
     * @return the decision listener that records them
     */
    @Bean
    @ConditionalOnMissingBean
    public GuardMetrics guardMetrics(MeterRegistry registry, GuardProperties properties) {
        return new GuardMetrics(registry, properties.getMode());
    }

    /** An observation around each guarded call, when the application has an {@code ObservationRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        GuardedCallObserver guardedCallObserver(ObservationRegistry registry) {
            return new ObservedGuardedCalls(registry);
        }
    }
}
