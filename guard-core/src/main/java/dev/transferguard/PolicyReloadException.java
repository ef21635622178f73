package dev.transferguard;

/**
 * New policies that could not take over from the ones in force: they did not load, their signature did not
 * verify under the trusted policy keys, or they do not fit the guard's configuration. The policies in force
 * stay as they were; the cause says what was wrong.
 */
public class PolicyReloadException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String inForce;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param inForce the digest of the policies that stay in force
     * @param cause   the failure
     */
    public PolicyReloadException(String message, String inForce, Throwable cause) {
        super(message, cause);
        this.inForce = inForce;
    }

    /**
     * The digest of the policies that stay in force.
     *
     * @return {@code sha256:<hex>}
     */
    public String inForce() {
        return inForce;
    }
}
