package dev.transferguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link GuardedTransfer} method that says where the data goes.
 *
 * <p>The parameter is a {@link java.net.URI}, a {@link java.net.URL} or a {@link CharSequence}. A two-letter
 * string is taken as an ISO 3166-1 alpha-2 code; any other value is read as a URL whose host (and port) the
 * guard's host rules map to a jurisdiction. A host no rule maps cannot be decided: the call fails in enforce
 * mode and is logged in monitor mode.
 *
 * <pre>{@code
 * @GuardedTransfer(recipient = "partner")
 * void export(@Destination URI partner, List<Customer> customers) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Destination {
}
