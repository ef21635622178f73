package dev.transferguard.annotation;

import dev.transferguard.Action;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) whose arguments leave for another jurisdiction: before the
 * method runs, its arguments are classified ({@link PersonalData}, {@link SubjectId},
 * {@link SubjectResidence}, {@link SubjectCitizenship}) and the transfer they make is decided; a denied
 * transfer does not run the method.
 *
 * <pre>{@code
 * @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
 * void sendToSupport(List<Customer> customers) { ... }
 * }</pre>
 *
 * <p>The destination is fixed here, or comes from the parameter marked {@link Destination}: exactly one of
 * the two. The origin defaults to the guard's own jurisdiction. Legal bases are not named here: they are
 * on file in the guard's configuration, per recipient and per destination, so that a new contract does not
 * need a new build.
 *
 * <p>On a type, the annotation guards every method the type declares and gives their defaults; on one of
 * those methods, its non-empty attributes take precedence. A call whose arguments hold no personal data is
 * not decided.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface GuardedTransfer {

    /**
     * Where the data goes: an ISO 3166-1 alpha-2 code, or empty when a parameter is marked
     * {@link Destination}.
     *
     * @return the destination code, or empty
     */
    String destination() default "";

    /**
     * Where the data is: an ISO 3166-1 alpha-2 code, or empty for the guard's own jurisdiction.
     *
     * @return the origin code, or empty
     */
    String origin() default "";

    /**
     * What is done with the data.
     *
     * @return the action; {@link Action#TRANSFER} by default
     */
    Action action() default Action.TRANSFER;

    /**
     * The purpose, e.g. {@code contract-performance}; empty when none is given.
     *
     * @return the purpose, or empty
     */
    String purpose() default "";

    /**
     * The recipient's name: it keys per-counterparty volume counters and the legal bases on file for the
     * recipient; empty when unnamed.
     *
     * @return the recipient name, or empty
     */
    String recipient() default "";

    /**
     * The kind of recipient as the policies declare it, e.g. {@code commercial}; empty when unknown.
     *
     * @return the recipient kind, or empty
     */
    String recipientKind() default "";

    /**
     * Whether the recipient is a covered person under 28 CFR Part 202. Left unsaid (on the method and its
     * type), the recipient may be one, and rules on covered persons apply to the method's transfers.
     *
     * @return the answer, or {@link Answer#UNSAID}
     */
    Answer coveredPerson() default Answer.UNSAID;

    /**
     * The kind of transaction as the policies declare it, e.g. {@code vendor-agreement}; empty when none.
     *
     * @return the transaction kind, or empty
     */
    String transaction() default "";
}
