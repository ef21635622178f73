package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.http.GuardExchangeFilterFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Checks {@code WebClient} requests made inside guarded methods: the filter is added, first, to the
 * {@code WebClient.Builder} that Spring Boot configures.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"org.springframework.web.reactive.function.client.WebClient",
        "org.springframework.boot.web.reactive.function.client.WebClientCustomizer"})
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

    /**
     * Adds the filter to {@code WebClient} builders, first.
     *
     * @param filter the filter
     * @return the customizer
     */
    @Bean
    public WebClientCustomizer guardWebClientCustomizer(GuardExchangeFilterFunction filter) {
        return builder -> builder.filters(list -> list.add(0, filter));
    }
}
