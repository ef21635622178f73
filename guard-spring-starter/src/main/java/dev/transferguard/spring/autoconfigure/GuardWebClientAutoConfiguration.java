package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.http.GuardExchangeFilterFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The filter that checks {@code WebClient} requests made inside guarded methods; {@link HttpClientInstrumentation}
 * adds it, first, to every {@code WebClient.Builder} of the context.
 */
@AutoConfiguration(before = GuardHttpClientAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
@ConditionalOnProperty(prefix = "guard.http", name = "enabled", matchIfMissing = true)
@Conditional(OnGuardEnabledCondition.class)
public class GuardWebClientAutoConfiguration {

    /**
     * The filter.
     *
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public GuardExchangeFilterFunction guardExchangeFilterFunction() {
        return new GuardExchangeFilterFunction();
    }
}
