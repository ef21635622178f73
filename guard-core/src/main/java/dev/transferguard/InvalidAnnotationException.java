package dev.transferguard;

/**
 * An annotation that cannot be used: a {@code @PersonalData} category the policies do not declare, a
 * {@code @GuardedTransfer} without a destination, a second {@code @SubjectId} in one class and the like.
 * Thrown when the guard plans a class or method, normally at startup; the message names the class and
 * the member.
 */
public class InvalidAnnotationException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the class and the member
     */
    public InvalidAnnotationException(String message) {
        super(message);
    }
}
