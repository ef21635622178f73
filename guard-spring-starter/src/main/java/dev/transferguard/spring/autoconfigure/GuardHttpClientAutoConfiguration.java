package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.http.GuardClientHttpRequestInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Checks {@code RestClient} and {@code RestTemplate} requests made inside guarded methods: the interceptor is
 * added to the {@code RestClient.Builder} and {@code RestTemplateBuilder} that Spring Boot configures.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"org.springframework.web.client.RestClient",
        "org.springframework.boot.web.client.RestClientCustomizer"})
@Conditional(OnGuardEnabledCondition.class)
public class GuardHttpClientAutoConfiguration {

    /**
     * The interceptor.
     *
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean
    public GuardClientHttpRequestInterceptor guardClientHttpRequestInterceptor() {
        return new GuardClientHttpRequestInterceptor();
    }

    /**
     * Adds the interceptor to {@code RestClient} builders, first.
     *
     * @param interceptor the interceptor
     * @return the customizer
     */
    @Bean
    public RestClientCustomizer guardRestClientCustomizer(GuardClientHttpRequestInterceptor interceptor) {
        return builder -> builder.requestInterceptors(list -> list.add(0, interceptor));
    }

    /**
     * Adds the interceptor to {@code RestTemplate}s built by {@code RestTemplateBuilder}, first.
     *
     * @param interceptor the interceptor
     * @return the customizer
     */
    @Bean
    public RestTemplateCustomizer guardRestTemplateCustomizer(GuardClientHttpRequestInterceptor interceptor) {
        return template -> template.getInterceptors().add(0, interceptor);
    }
}
