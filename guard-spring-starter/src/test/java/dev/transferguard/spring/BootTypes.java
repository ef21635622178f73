package dev.transferguard.spring;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot types that Boot 4 moved to other packages, found under whichever name the Boot line on the
 * class path gives them, so that the starter's tests run unchanged on Boot 3.5 and 4.
 */
public final class BootTypes {

    private BootTypes() {
    }

    /** {@return Spring Boot's RestTemplateBuilder} */
    public static Class<?> restTemplateBuilder() {
        return first("org.springframework.boot.web.client.RestTemplateBuilder",
                "org.springframework.boot.restclient.RestTemplateBuilder");
    }

    /** {@return the auto-configuration of HTTP message converters} */
    public static Class<?> httpMessageConvertersAutoConfiguration() {
        return first("org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration",
                "org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration");
    }

    /** {@return the auto-configuration of RestClient.Builder} */
    public static Class<?> restClientAutoConfiguration() {
        return first("org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
                "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration");
    }

    /**
     * A new RestTemplateBuilder.
     *
     * @return the builder
     */
    public static Object newRestTemplateBuilder() {
        try {
            for (Constructor<?> c : restTemplateBuilder().getConstructors()) {
                // RestTemplateBuilder(RestTemplateCustomizer... customizers), with none.
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0].isArray()) {
                    return c.newInstance(Array.newInstance(c.getParameterTypes()[0].getComponentType(), 0));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("RestTemplateBuilder has no constructor taking customizers");
    }

    /**
     * A RestTemplate made by a RestTemplateBuilder.
     *
     * @param builder the builder
     * @return {@code builder.build()}
     */
    public static org.springframework.web.client.RestTemplate build(Object builder) {
        try {
            return (org.springframework.web.client.RestTemplate) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> first(String... names) {
        ClassLoader loader = BootTypes.class.getClassLoader();
        return Arrays.stream(names).filter(n -> ClassUtils.isPresent(n, loader)).findFirst()
                .map(n -> ClassUtils.resolveClassName(n, loader))
                .orElseThrow(() -> new IllegalStateException("none of " + Arrays.toString(names) + " is present"));
    }
}
