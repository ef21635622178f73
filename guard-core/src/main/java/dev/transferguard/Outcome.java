package dev.transferguard;

/** The verdict of a decision. */
public enum Outcome {
    /** Every policy in scope allows the transfer. */
    ALLOW,
    /** At least one policy in scope denies the transfer, or a requirement is not met. */
    DENY
}
