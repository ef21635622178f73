package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.web.TransferDeniedProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * In a Spring WebFlux application, answers a request that a denied transfer stopped with HTTP 451 and a
 * problem detail, as in Spring MVC; {@code guard.web.problem-details=false} leaves denials to the application.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
@ConditionalOnProperty(prefix = "guard.web", name = "problem-details", havingValue = "true", matchIfMissing = true)
@Conditional(OnGuardEnabledCondition.class)
public class GuardWebFluxAutoConfiguration {

    /**
     * The advice that answers denials.
     *
     * @return the advice
     */
    @Bean
    @ConditionalOnMissingBean
    public TransferDeniedProblemHandler transferDeniedProblemHandler() {
        return new TransferDeniedProblemHandler();
    }
}
