package dev.transferguard.audit;

import dev.transferguard.GuardException;

/**
 * The audit log cannot do what was asked: it cannot record (a full disk, a lost permission, a closed or
 * failed log), or it cannot be opened because what is on disk does not verify. The message names the log
 * directory and the cause; it never holds personal data or key material.
 */
public class AuditException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public AuditException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the underlying failure.
     *
     * @param message what went wrong
     * @param cause   the underlying failure, e.g. an {@link java.io.IOException}
     */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
