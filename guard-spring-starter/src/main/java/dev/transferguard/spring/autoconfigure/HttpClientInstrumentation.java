package dev.transferguard.spring.autoconfigure;

import dev.transferguard.spring.http.GuardClientHttpRequestInterceptor;
import dev.transferguard.spring.http.GuardExchangeFilterFunction;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the guard's check, first, to every HTTP client the context makes: {@code RestClient.Builder},
 * {@code RestTemplate} and {@code WebClient.Builder} beans, and Spring Boot's {@code RestTemplateBuilder}
 * under either line's package. It relies on Spring Framework's own types rather than on Spring Boot's
 * customizer interfaces, which moved between Boot 3 and 4, so that a move cannot switch the check off
 * unnoticed; a client it cannot instrument is noted, and {@link HttpClientCheck} refuses to start with it.
 */
final class HttpClientInstrumentation implements BeanPostProcessor {

    /** Spring Boot's {@code RestTemplateBuilder}: immutable, so the instrumented copy replaces the bean. */
    static final List<String> REST_TEMPLATE_BUILDERS = List.of("org.springframework.boot.web.client.RestTemplateBuilder",
            "org.springframework.boot.restclient.RestTemplateBuilder");

    private static final boolean WEB_CLIENT = ClassUtils.isPresent(
            "org.springframework.web.reactive.function.client.WebClient", HttpClientInstrumentation.class.getClassLoader());

    private final ObjectProvider<GuardClientHttpRequestInterceptor> interceptor;
    /** For the WebClient filter, looked up only where WebFlux is present: its type needs WebFlux to load. */
    private final BeanFactory beans;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    HttpClientInstrumentation(ObjectProvider<GuardClientHttpRequestInterceptor> interceptor, BeanFactory beans) {
        this.interceptor = interceptor;
        this.beans = beans;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof RestClient.Builder builder) {
            ClientHttpRequestInterceptor check = interceptor.getObject();
            builder.requestInterceptors(list -> addFirst(list, check));
        } else if (bean instanceof RestTemplate template) {
            addFirst(template.getInterceptors(), interceptor.getObject());
        } else if (WEB_CLIENT && WebClients.isBuilder(bean)) {
            if (!WebClients.addFirst(bean, beans)) {
                refused.put(name, "a WebClient.Builder, but the starter's WebClient filter is not configured");
            }
        } else if (REST_TEMPLATE_BUILDERS.contains(bean.getClass().getName())) {
            return withInterceptor(bean, name);
        }
        return bean;
    }

    /** Clients the check could not be added to, by bean name, with the reason. */
    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    private Object withInterceptor(Object builder, String name) {
        try {
            Method add = builder.getClass().getMethod("additionalInterceptors", ClientHttpRequestInterceptor[].class);
            return add.invoke(builder, (Object) new ClientHttpRequestInterceptor[] {interceptor.getObject()});
        } catch (ReflectiveOperationException | RuntimeException e) {
            refused.put(name, "a " + builder.getClass().getName() + " without additionalInterceptors(...): " + e);
            return builder;
        }
    }

    private static <T> void addFirst(List<T> list, T check) {
        if (!list.contains(check)) {
            list.add(0, check);
        }
    }

    /** WebClient's types, only touched when spring-webflux is present. */
    private static final class WebClients {
        static boolean isBuilder(Object bean) {
            return bean instanceof org.springframework.web.reactive.function.client.WebClient.Builder;
        }

        /** Adds the filter; {@code false} when the context has none. */
        static boolean addFirst(Object bean, BeanFactory beans) {
            GuardExchangeFilterFunction check = beans.getBeanProvider(GuardExchangeFilterFunction.class)
                    .getIfAvailable();
            if (check == null) {
                return false;
            }
            ((org.springframework.web.reactive.function.client.WebClient.Builder) bean)
                    .filters(list -> HttpClientInstrumentation.addFirst(list, check));
            return true;
        }
    }
}
