package dev.transferguard.spring.autoconfigure;

import dev.transferguard.Guard;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.spring.actuate.GuardHealth;
import dev.transferguard.spring.actuate.GuardHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code guard} health indicator, when the application has Spring Boot's health support: policies loaded,
 * and the audit log able to record ({@link GuardHealth}). Off with {@code management.health.guard.enabled=false}.
 */
@AutoConfiguration(after = GuardAutoConfiguration.class)
@ConditionalOnClass(name = GuardHealthIndicator.CONTRACT)
@ConditionalOnBean(Guard.class)
@ConditionalOnProperty(prefix = "management.health.guard", name = "enabled", matchIfMissing = true)
public class GuardHealthAutoConfiguration {

    /**
     * The indicator.
     *
     * @param guard        the guard
     * @param audit        the audit log, if there is one
     * @param contributors other parts of the guard's health, such as the shared counter store
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "guardHealthIndicator")
    public GuardHealthIndicator guardHealthIndicator(Guard guard, ObjectProvider<AuditLog> audit,
            ObjectProvider<GuardHealth.Contributor> contributors) {
        return new GuardHealthIndicator(new GuardHealth(guard, audit.getIfAvailable(),
                contributors.orderedStream().toList()));
    }
}
