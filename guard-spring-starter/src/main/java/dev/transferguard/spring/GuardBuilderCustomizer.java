package dev.transferguard.spring;

import dev.transferguard.Guard;

/**
 * Adjusts the {@link Guard} the starter builds from {@code guard.*} properties, before it is built: a bean
 * of this type can, for example, set bases on file from a database or add a decision listener.
 */
@FunctionalInterface
public interface GuardBuilderCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, already set from the properties
     */
    void customize(Guard.Builder builder);
}
