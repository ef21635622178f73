package dev.transferguard.audit.internal.merkle;

import dev.transferguard.GuardException;

/**
 * An inclusion or consistency proof that does not prove what it claims. The message says which
 * check failed, e.g. a wrong proof length or a root that does not match.
 */
public class InvalidProofException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which check failed
     */
    public InvalidProofException(String message) {
        super(message);
    }
}
