package dev.transferguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field, record component, getter or parameter that holds a data subject's citizenship.
 *
 * <p>Values are read as for {@link SubjectResidence}; the codes become the transfer's
 * {@code subjects.citizenship}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface SubjectCitizenship {
}
