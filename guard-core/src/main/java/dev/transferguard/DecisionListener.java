package dev.transferguard;

/**
 * Told of every decision a {@link Guard} makes, for metrics and records. Called on the deciding thread
 * after the decision; it should be quick and must not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface DecisionListener {

    /**
     * A transfer was decided.
     *
     * @param transfer the transfer as decided: with an audit log, its subject ids as the log pseudonymised them;
     *                 those of guarded methods carry pseudonymous subject ids only
     * @param decision the decision
     * @param nanos    how long deciding took, in nanoseconds
     */
    void decided(Transfer transfer, Decision decision, long nanos);
}
