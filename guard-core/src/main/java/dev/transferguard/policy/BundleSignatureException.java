package dev.transferguard.policy;

import dev.transferguard.GuardException;

/**
 * A policy bundle whose signature cannot be accepted under the trusted policy keys. {@link #fault()} says
 * which kind of failure it is; the message says which location and which key, never any key material.
 */
public class BundleSignatureException extends GuardException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Fault {
        /** The location holds no signature file. */
        UNSIGNED,
        /** The signature file is not a well-formed bundle signature, or cannot be read. */
        MALFORMED,
        /** No signature is by a trusted policy key. */
        UNTRUSTED_KEY,
        /** A signature claims a trusted key but does not verify: the signature file was changed or forged. */
        BAD_SIGNATURE,
        /** The signature is good, but over another digest: a policy file was changed, added or removed. */
        ALTERED
    }

    private final Fault fault;

    /**
     * Creates the exception.
     *
     * @param fault   the kind of failure
     * @param message what is wrong and where
     */
    public BundleSignatureException(Fault fault, String message) {
        super(message);
        this.fault = fault;
    }

    /**
     * The kind of failure.
     *
     * @return the fault
     */
    public Fault fault() {
        return fault;
    }
}
