package dev.transferguard;

/**
 * The root of the exceptions Transfer Guard throws for inputs it cannot accept. Messages are meant for
 * people: one sentence that says what is wrong and where, never personal data.
 */
public class GuardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public GuardException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong
     * @param cause   the underlying failure
     */
    public GuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
