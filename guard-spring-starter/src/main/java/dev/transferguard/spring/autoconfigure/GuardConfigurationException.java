package dev.transferguard.spring.autoconfigure;

/**
 * A {@code guard.*} setting that the starter cannot use: the application does not start, and the failure
 * report names the property, what is wrong, and what to do.
 */
public class GuardConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, starting with the property
     * @param action  what to do about it
     * @param cause   the underlying failure, or {@code null}
     */
    public GuardConfigurationException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /**
     * What to do about it.
     *
     * @return the advice
     */
    public String getAction() {
        return action;
    }
}
