package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.metrics.GuardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters of the guard's decisions, when the application has a {@link MeterRegistry}. */
@AutoConfiguration(afterName = {
        // Spring Boot 3
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        // Spring Boot 4: without these, the registry's condition would be read too early and the meters be off
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public class GuardMetricsAutoConfiguration {

    /**
     * The meters.
     *
     * @param registry where they are registered
     * @return the decision listener that records them
     */
    @Bean
    @ConditionalOnMissingBean
    public GuardMetrics guardMetrics(MeterRegistry registry) {
        return new GuardMetrics(registry);
    }
}
