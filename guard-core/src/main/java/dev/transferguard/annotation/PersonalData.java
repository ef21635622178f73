package dev.transferguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, record component, getter or parameter that holds personal data of the given categories.
 *
 * <pre>{@code
 * record Customer(
 *         @SubjectId String id,
 *         @PersonalData(category = "personal.identity") String name,
 *         @PersonalData(category = "personal.contact") String email,
 *         @SubjectResidence String country) {
 * }
 * }</pre>
 *
 * <p>When a guarded method is called, the categories of every marked member whose value is present in the
 * arguments become the categories of the transfer. A value is present unless it is {@code null}, an empty
 * {@link java.util.Optional}, or an empty collection, map or array. Categories are names of the policies'
 * taxonomy; a name the policies do not declare is an error when the guard first plans the class, normally at
 * startup, naming the class and the member.
 *
 * <p>Values of marked members are never recorded or logged: only their categories are.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface PersonalData {

    /**
     * The data categories of the value, e.g. {@code personal.contact}; at least one.
     *
     * @return taxonomy names declared by the policies
     */
    String[] category();
}
