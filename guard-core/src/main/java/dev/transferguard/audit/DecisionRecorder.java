package dev.transferguard.audit;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import java.util.function.Consumer;

/**
 * What a {@link dev.transferguard.Guard} needs from an audit trail: a place that records every decision before
 * it is acted on, and gives back the allowed transfers it holds, so that the volume counters can be rebuilt
 * from the same evidence after a restart. {@link AuditLog} is the implementation this library ships.
 *
 * <p>The guard calls {@link #pseudonymise(Transfer)} first, decides the pseudonymised transfer (so that the
 * counters hold the same pseudonyms as the records), then {@link #record(Transfer, Decision, Caller)}, and,
 * when {@link #waitsForDurability()}, {@linkplain Recording#await() waits} for the record before it returns
 * the decision. Any {@link AuditException} on the way makes the guard deny the transfer (fail-closed).
 *
 * <p>Implementations must be thread-safe, and must refuse decisions that the engine did not make.
 */
public interface DecisionRecorder {

    /**
     * The transfer as it will be recorded: subject ids replaced by keyed pseudonyms, nothing else changed.
     *
     * @param transfer a transfer as given by the application
     * @return the transfer to decide and record; the same object when it has no subject ids
     * @throws AuditException if the transfer has subject ids and the recorder cannot pseudonymise them
     */
    Transfer pseudonymise(Transfer transfer);

    /**
     * Queues the record of a decision.
     *
     * @param pseudonymised the transfer, as returned by {@link #pseudonymise(Transfer)}
     * @param decision      the engine's decision
     * @param caller        who asked
     * @return the record on its way to durable storage
     * @throws AuditException           if the recorder cannot take it (closed, failed, a full disk)
     * @throws IllegalArgumentException if the decision was not made by the engine
     */
    Recording record(Transfer pseudonymised, Decision decision, Caller caller);

    /**
     * Whether a decision must wait for its {@linkplain Recording#await() record to be durable} before it is
     * returned; when not, a crash may lose the records of the last moments.
     *
     * @return {@code true} for synchronous durability
     */
    boolean waitsForDurability();

    /**
     * Gives every allowed transfer recorded so far to {@code sink}, oldest first, with subject ids as
     * pseudonyms. An exception thrown by the sink for one transfer propagates and ends the replay.
     *
     * @param sink takes each allowed transfer
     * @throws AuditException if the records cannot be read
     */
    void replayAllowed(Consumer<Transfer> sink);

    /**
     * Where the records go, for messages: a directory, a URL.
     *
     * @return a short description without secrets
     */
    String location();

    /** A record on its way to durable storage. */
    @FunctionalInterface
    interface Recording {
        /**
         * Returns once the record is durable.
         *
         * @throws AuditException if it could not be written; the recorder then refuses every later record
         */
        void await();
    }
}
