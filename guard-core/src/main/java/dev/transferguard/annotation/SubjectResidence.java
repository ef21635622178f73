package dev.transferguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field, record component, getter or parameter that holds where a data subject resides.
 *
 * <p>The value is an ISO 3166-1 alpha-2 code as a string (any case; blanks around it are ignored), a
 * {@link java.util.Locale} (its country), an enum constant whose name is the code, or a collection, array or
 * {@link java.util.Optional} of these. The codes of every subject in the arguments become the transfer's
 * {@code subjects.residence}. A value that is not a known code fails the call, without showing the value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface SubjectResidence {
}
