package dev.transferguard.audit;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import java.util.function.Consumer;

/**
 * What a {@link dev.transferguard.Guard} needs from an audit trail: a place that records every decision before
 * it is acted on, and gives back the allowed transfers it holds, so that the volume counters can be rebuilt
 * from the same evidence after a restart. {@link AuditLog} is the implementation this library ships.
 *
 * <p>The guard calls {@link #pseudonymise(Transfer)} first, once per transfer, and decides the pseudonymised
 * transfer (so that the counters hold the same pseudonyms as the records); the recorder's key is then the one
 * key of subject ids (guarded methods leave theirs to it, and a transfer it returned is never given to it
 * again). Then it calls {@link #record(Transfer, Decision, Caller)}, and,
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
     * Gives the allowed transfers among the first {@code upTo} records to {@code sink}, oldest first, as
     * {@link #replayAllowed(Consumer)} does. With {@link #size()} and {@link Recording#sequence()} it lets a guard
     * rebuild its counters from a long trail without stopping decisions: it replays up to a mark while new
     * decisions go on being recorded, then counts those recorded since the mark itself.
     *
     * <p>The default cannot stop at a mark and throws; a guard then rebuilds its counters while holding its
     * decisions, as it would from {@link #replayAllowed(Consumer)}.
     *
     * @param sink takes each allowed transfer
     * @param upTo how many records (of every kind, as {@link #size()} counts them) to read at most; no more than
     *             are durable
     * @throws AuditException                if the records cannot be read
     * @throws UnsupportedOperationException if this recorder cannot replay up to a mark
     */
    default void replayAllowed(Consumer<Transfer> sink, long upTo) {
        throw new UnsupportedOperationException("replay up to a mark");
    }

    /**
     * Returns once every record queued so far is durable, so that {@link #size()} then counts them.
     *
     * <p>The default cannot and throws; a guard then rebuilds its counters while holding its decisions.
     *
     * @throws AuditException                if they cannot be written
     * @throws UnsupportedOperationException if this recorder cannot wait for its records
     */
    default void flush() {
        throw new UnsupportedOperationException("flush");
    }

    /**
     * How many records are durable now, counting records of every kind: a mark for
     * {@link #replayAllowed(Consumer, long)}.
     *
     * @return the number of durable records, or {@code -1} when this recorder does not number its records
     */
    default long size() {
        return -1;
    }

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

        /**
         * The record's position in the trail, counted from 0 as {@link DecisionRecorder#size()} counts: records
         * queued before it lie below it. Known as soon as {@link DecisionRecorder#record} returned; the record is
         * durable once {@link #await()} or {@link DecisionRecorder#flush()} returned.
         *
         * @return the position, or {@code -1} when the recorder does not number its records
         */
        default long sequence() {
            return -1;
        }
    }
}
