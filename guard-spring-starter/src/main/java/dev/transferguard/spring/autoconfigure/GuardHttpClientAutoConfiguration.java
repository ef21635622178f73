package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.http.GuardClientHttpRequestInterceptor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Role;

/**
 * Checks {@code RestClient}, {@code RestTemplate} and {@code WebClient} requests made inside guarded methods:
 * the interceptor (and, with WebFlux, the filter) is added first to every client builder and
 * {@code RestTemplate} of the context. {@link HttpClientCheck} makes sure none is left out.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"org.springframework.web.client.RestClient",
        "dev.transferguard.spring.http.GuardClientHttpRequestInterceptor"})
@ConditionalOnProperty(prefix = "guard.http", name = "enabled", matchIfMissing = true)
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
     * Adds the check to the context's HTTP clients. Static and infrastructure, so that it does not pull the
     * guard and its dependencies into early initialisation; the interceptor and filter are looked up lazily.
     *
     * @param interceptor the interceptor
     * @param beans       where the WebClient filter is found, when WebFlux is present
     * @return the post-processor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static HttpClientInstrumentation guardHttpClientInstrumentation(
            ObjectProvider<GuardClientHttpRequestInterceptor> interceptor, BeanFactory beans) {
        return new HttpClientInstrumentation(interceptor, beans);
    }
}
