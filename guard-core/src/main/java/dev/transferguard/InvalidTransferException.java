package dev.transferguard;

/**
 * A transfer that cannot be decided because its input is malformed or names something the policies do
 * not declare. The message says what and where (line and column for JSON input, the field otherwise).
 */
public class InvalidTransferException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public InvalidTransferException(String message) {
        super(message);
    }
}
