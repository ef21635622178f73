package dev.transferguard.audit;

import dev.transferguard.GuardException;

/**
 * A key file or key string that cannot be used: malformed PEM, a key of another algorithm, an invalid
 * key name. The message names the file (or the input) and what is wrong; it never holds key bytes.
 */
public class KeyFormatException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where and what is wrong
     */
    public KeyFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the parser's failure as the cause.
     *
     * @param message where and what is wrong
     * @param cause   the underlying failure
     */
    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
