package dev.transferguard.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field, record component, getter or parameter that identifies the person an object is about.
 *
 * <p>Every object of a class with a {@code @SubjectId} member is one data subject. The id is never sent to
 * the policies, the log or the audit record as it is: it is replaced by a keyed pseudonym
 * ({@code hmac-sha256:<hex>}, HMAC-SHA256 under one key: the audit log's when the guard records, else the
 * guard's own), once per call, so that volume counters can count
 * distinct people exactly without holding who they are. An object whose id is {@code null} still counts as
 * one person. A class may have at most one {@code @SubjectId} member.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface SubjectId {
}
