package dev.transferguard.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link GuardConfigurationException} as Spring Boot's short "application failed to start" text. */
class GuardConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<GuardConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GuardConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
