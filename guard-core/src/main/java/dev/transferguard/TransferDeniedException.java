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
     * The decision that denied the transfer.
     *
     * @return the decision
     */
    public Decision decision() {
        return decision;
    }
}
