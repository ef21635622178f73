package dev.transferguard.spring.autoconfigure;

import dev.transferguard.Guard;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.spring.actuate.DecisionTally;
import dev.transferguard.spring.actuate.GuardEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code guard} actuator endpoint, when Spring Boot Actuator is present and the endpoint is exposed. */
@AutoConfiguration
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
public class GuardEndpointAutoConfiguration {

    /** Only read once the actuator classes are known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(GuardEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DecisionTally guardDecisionTally() {
            return new DecisionTally();
        }

        @Bean
        @ConditionalOnMissingBean
        GuardEndpoint guardEndpoint(Guard guard, DecisionTally tally, ObjectProvider<AuditLog> audit) {
            return new GuardEndpoint(guard, tally, audit.getIfAvailable());
        }
    }
}
