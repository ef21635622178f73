package dev.transferguard.spring.autoconfigure;

import dev.transferguard.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;

/**
 * Once the context is up, makes sure every HTTP client it holds carries the guard's check: a client that
 * does not (the starter's HTTP configuration did not apply, or a client could not take the check) would let a
 * guarded method send personal data to any host without a decision. In enforce mode that stops the
 * application from starting; in monitor mode, or with {@code guard.http.enabled=false}, it is logged.
 */
final class HttpClientCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClientCheck.class);

    /** The HTTP clients the starter instruments, by the names of their types. */
    static final List<String> CLIENT_TYPES = List.of("org.springframework.web.client.RestClient$Builder",
            "org.springframework.web.client.RestTemplate",
            "org.springframework.web.reactive.function.client.WebClient$Builder",
            HttpClientInstrumentation.REST_TEMPLATE_BUILDERS.get(0), HttpClientInstrumentation.REST_TEMPLATE_BUILDERS.get(1));

    private final ListableBeanFactory beans;
    private final ObjectProvider<GuardProperties> configuration;

    HttpClientCheck(ListableBeanFactory beans, ObjectProvider<GuardProperties> configuration) {
        this.beans = beans;
        this.configuration = configuration;
    }

    @Override
    public void afterSingletonsInstantiated() {
        GuardProperties properties = configuration.getObject();
        if (properties.getMode() == Mode.OFF) {
            return;
        }
        List<String> unchecked = unchecked();
        if (unchecked.isEmpty()) {
            return;
        }
        String which = String.join("; ", unchecked);
        if (!properties.getHttp().isEnabled()) {
            LOG.warn("guard.http.enabled=false: outbound HTTP calls of guarded methods are not checked ({})", which);
        } else if (properties.getMode() == Mode.ENFORCE) {
            throw new GuardConfigurationException("guard.http: outbound HTTP calls of guarded methods could not be "
                    + "checked: " + which, "Add spring-web's RestClient and the starter's HTTP configuration to the "
                    + "application (do not exclude GuardHttpClientAutoConfiguration or GuardWebClientAutoConfiguration),"
                    + " build the client from the builder Spring Boot configures, or set guard.http.enabled=false to go"
                    + " without the check", null);
        } else {
            LOG.error("monitor mode: outbound HTTP calls of guarded methods are not checked: {}", which);
        }
    }

    private List<String> unchecked() {
        HttpClientInstrumentation instrumentation = beans.getBeanProvider(HttpClientInstrumentation.class)
                .getIfAvailable();
        List<String> out = new ArrayList<>();
        ClassLoader loader = HttpClientCheck.class.getClassLoader();
        for (String typeName : CLIENT_TYPES) {
            if (!ClassUtils.isPresent(typeName, loader)) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(typeName, loader);
            for (String name : beans.getBeanNamesForType(type, true, false)) {
                if (instrumentation == null) {
                    out.add("bean '" + name + "' (" + type.getSimpleName() + "): the starter's HTTP check is not "
                            + "configured");
                }
            }
        }
        if (instrumentation != null) {
            for (Map.Entry<String, String> e : instrumentation.refused().entrySet()) {
                out.add("bean '" + e.getKey() + "' is " + e.getValue());
            }
        }
        return out;
    }
}
