package dev.transferguard;

import java.util.Objects;

/**
 * Thrown by {@code Guard.enforce(Transfer)} when a transfer is denied. It carries the decision; its message
 * says which rules denied the transfer and which legal bases would make it allowed.
 */
public class TransferDeniedException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    /**
     * Creates the exception for a denial.
     *
     * @param decision the denying decision
     */
    public TransferDeniedException(Decision decision) {
        super("Transfer " + Objects.requireNonNull(decision, "decision").explain());
        this.decision = decision;
    }

    /**
     * Creates the exception for a denial, with a message that says more than the decision, such as the call
     * or host it stopped. The message must not hold personal data.
     *
     * @param message  what was denied and why
     * @param decision the denying decision
     */
    public TransferDeniedException(String message, Decision decision) {
        super(message);
        this.decision = Objects.requireNonNull(decision, "decision");
    }

    /**
     * The decision that denied the transfer.
     *
     * @return the decision
     */
    public Decision decision() {
        return decision;
    }
}
