package dev.transferguard.counters;

import dev.transferguard.Subjects;

/**
 * Where the volume counters of the policies keep what was sent: for each counter (and counterparty, for
 * counters kept per counterparty), which subjects left on which day. The policies ask it how many distinct
 * subjects a window holds, the current transfer included, and tell it of each transfer they allowed.
 *
 * <p>Days are epoch days ({@link java.time.LocalDate#toEpochDay()}), so that the hot path of a decision
 * allocates no dates. A subject with an id counts once in a window however often it is sent; subjects
 * without ids count as new people each time, so that a count is never too low.
 *
 * <p>The {@linkplain InMemoryCounterStore in-memory store} is the default: it lives in one process, and the
 * guard rebuilds it from its audit log (and history) at start and at every policy reload. A store shared by
 * several processes keeps its counts itself and must never under-count: a transfer it has been told of
 * counts for every later {@link #count} in any process.
 *
 * <p>Implementations are thread-safe. The guard calls {@link #count} and then {@link #record} for one
 * decision under its own lock, so that two transfers of one guard cannot both slip under a threshold, and then
 * {@link #settle}, on the same thread. A store shared by several processes makes what one decision counted and
 * recorded atomic between {@code count} and {@code settle} (it may lock there), so that two guards cannot both
 * slip under a threshold either; a guard settles a shared store's records before it writes the decision to its
 * audit log, so that a crash in between counts a transfer the log lacks (too many), never the other way round.
 *
 * <p>A store that cannot count throws {@link CounterStoreException} from any of these methods; the guard then
 * denies the transfer, naming the store.
 */
public interface CounterStore {

    /**
     * The distinct subjects recorded for a counter between two days (both included), plus those of the
     * current transfer that are not among them.
     *
     * @param counter      the counter's key, {@code pack/name}
     * @param counterparty the recipient's normalised name for a counter kept per counterparty, else
     *                     {@code null}
     * @param fromDay      the first day of the window, an epoch day
     * @param toDay        the last day of the window (the transfer's), an epoch day
     * @param current      the subjects of the transfer being decided, or {@code null} when the counter does not
     *                     count it
     * @return the number of distinct subjects, at least the current transfer's count
     */
    long count(String counter, String counterparty, long fromDay, long toDay, Subjects current);

    /**
     * The count as {@link #count(String, String, long, long, Subjects)} gives it, for a caller that only compares
     * it with fixed values. The policies say at which counts their comparisons of the counter change their answer
     * (the steps); the store may answer any number that no step separates from the exact count, so that every
     * comparison decides as it would on the exact count. A store shared by several processes uses this to answer
     * from headroom it reserved in advance, without asking its database. The default answers exactly.
     *
     * @param steps the counts {@code s} at which a count of {@code s} may be decided differently from one of
     *              {@code s - 1}, ascending; the caller's own array, not to be changed
     * @return a count that lies between the same two steps as the exact count
     */
    default long count(String counter, String counterparty, long fromDay, long toDay, Subjects current,
            long[] steps) {
        return count(counter, counterparty, fromDay, toDay, current);
    }

    /**
     * Records that an allowed transfer sent {@code subjects} on {@code day}.
     *
     * @param counter      the counter's key
     * @param counterparty the recipient's normalised name, or {@code null}
     * @param day          the transfer's day, an epoch day
     * @param subjects     who was sent: ids, when given, are counted once
     */
    void record(String counter, String counterparty, long day, Subjects subjects);

    /**
     * Ends what one decision did with the store. The guard calls it after {@link #count} and, for an allowed
     * transfer, {@link #record}, under the same lock and on the same thread: with {@code keep} once the decision
     * is made, without it when deciding failed or only previewed. A shared store makes the decision's records
     * durable here and releases what it held for the decision; the in-memory store has nothing to do.
     *
     * @param keep whether the records since the decision's first call stand; {@code false} discards them
     * @throws CounterStoreException if the records could not be kept; the store has then released what it held
     *                               and kept none of them, and the guard denies the transfer
     */
    default void settle(boolean keep) {
    }

    /**
     * Forgets what a counter recorded before a day that every window of it has left behind, so that the
     * store does not grow without bound. The guard calls it once a day, outside any decision. A shared store
     * keeps what the windows of other guards sharing it may still read.
     *
     * @param counter   the counter's key
     * @param beforeDay the first day to keep, an epoch day
     */
    void forget(String counter, long beforeDay);

    /**
     * Whether this store's counts live only in this process, so that a guard rebuilds them from its audit log
     * and history (into a new {@link InMemoryCounterStore}) when it starts and when its policies are
     * reloaded. A shared store answers {@code false}: it keeps its counts itself and is never rebuilt from one
     * process's log.
     *
     * @return {@code true} for a store of this process alone
     */
    default boolean rebuiltFromAudit() {
        return false;
    }
}
