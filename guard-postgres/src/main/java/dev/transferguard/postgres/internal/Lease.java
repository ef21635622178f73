package dev.transferguard.postgres.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Headroom this instance holds on one counter key for one day: it may add up to {@code amount} more people to the
 * key's window without asking the database, because the database counts the whole amount as used for every other
 * instance until it is given back or has expired.
 *
 * <p>Every count in {@code [floor, ceiling - 1]} is decided alike by the policies (no step lies between them), and
 * the exact count stays in that range while the headroom is held: it is at least the committed count at the grant
 * ({@code floor}, counts only grow in a fixed window) and at most the committed count plus every instance's
 * headroom, which every grant and every exact decision keeps below {@code ceiling}. So a decision within the
 * headroom answers with a count in that range, and decides as it would on the exact count.
 *
 * <p>What was used is kept here, as pseudonyms, until it is written to the database in a batch; the amount the
 * database holds for this instance is lowered by the same number in the same transaction, so that the committed
 * count plus the headroom never falls below what was really sent.
 */
public final class Lease {

    /** The key and day a lease is for. */
    public record Key(String counter, String party, int day) {
    }

    /**
     * What was used and not yet written: the pseudonyms and anonymous people, how much headroom they took, and how
     * much the lease has spent with them (a total, so that writing a batch twice spends it once).
     */
    public record Batch(List<byte[]> pids, long anonymous, long used, long spent) {
        boolean isEmpty() {
            return used == 0;
        }
    }

    private final Key key;
    /** Held by whoever writes this lease to the database: the keeper, or a decision giving it back. */
    final java.util.concurrent.locks.ReentrantLock writer = new java.util.concurrent.locks.ReentrantLock();
    final int fromDay;
    final long[] steps;
    final long ceiling;
    /** The count this lease answers from: the committed count at the grant plus every other instance's headroom. */
    private final long base;
    private final long granted;
    private long remaining;
    private long deadline;
    private long lastUse;
    private boolean closing;
    /** Uses taken and not yet committed or released. */
    private int outstanding;
    private boolean dead;
    private List<byte[]> pids = new ArrayList<>();
    private long anonymous;
    private long used;
    /** What the batches drained so far took: the lease's spent total once they are written. */
    private long drained;
    /** The pseudonyms used under this lease, so that a person sent twice takes headroom once. */
    private final Set<ByteBuffer> seen = new HashSet<>();

    Lease(Key key, int fromDay, long[] steps, long ceiling, long base, long amount, long deadline) {
        this.key = key;
        this.fromDay = fromDay;
        this.steps = steps;
        this.ceiling = ceiling;
        this.base = base;
        this.granted = amount;
        this.remaining = amount;
        this.deadline = deadline;
        this.lastUse = System.nanoTime();
    }

    /** {@return the key and day this lease is for} */
    public Key key() {
        return key;
    }

    /** {@return whether this lease answers a count of its key over {@code fromDay..day} under these steps} */
    boolean fits(int fromDay, long[] steps) {
        return this.fromDay == fromDay && this.steps == steps;
    }

    /**
     * Takes headroom for a transfer's subjects, if there is enough and the lease still holds.
     *
     * @param pids      the transfer's pseudonyms ({@code null} when the counter does not count it)
     * @param anonymous its subjects without ids
     * @return the use, to be {@linkplain #commit committed} or {@linkplain #release released}, or {@code null}
     */
    synchronized Use take(byte[][] pids, long anonymous) {
        long now = System.nanoTime();
        if (closing || dead || now - deadline >= 0) {
            return null;
        }
        long need = anonymous;
        List<byte[]> fresh = new ArrayList<>(pids == null ? 0 : pids.length);
        if (pids != null) {
            for (byte[] pid : pids) {
                if (!seen.contains(ByteBuffer.wrap(pid))) {
                    fresh.add(pid);
                }
            }
            need += fresh.size();
        }
        if (need > remaining) {
            return null;
        }
        remaining -= need;
        lastUse = now;
        outstanding++;
        return new Use(this, fresh, anonymous, need, Math.min(ceiling - 1, base + granted - remaining));
    }

    /** Keeps a use: its subjects are sent. */
    public synchronized void commit(Use u) {
        settledOne();
        if (dead) {
            // Reclaimed by another instance: the whole amount, this use included, is counted there.
            return;
        }
        for (byte[] pid : u.pids()) {
            if (seen.add(ByteBuffer.wrap(pid))) {
                pids.add(pid);
            }
        }
        anonymous += u.anonymous();
        used += u.need();
    }

    /** Gives back a use that was not sent. */
    public synchronized void release(Use u) {
        settledOne();
        remaining += u.need();
    }

    private void settledOne() {
        if (--outstanding == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until no use is outstanding, so that a lease given back takes every use with it.
     *
     * @param deadline a {@link System#nanoTime} value
     * @return whether none is outstanding
     */
    synchronized boolean awaitQuiet(long deadline) {
        while (outstanding > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** {@return what was used and not written yet}, leaving nothing to write. */
    synchronized Batch drain() {
        drained += used;
        Batch b = new Batch(pids, anonymous, used, drained);
        pids = new ArrayList<>();
        anonymous = 0;
        used = 0;
        return b;
    }

    /** Puts back a batch whose write failed, to be written with the next. */
    synchronized void restore(Batch b) {
        List<byte[]> all = new ArrayList<>(b.pids());
        all.addAll(pids);
        pids = all;
        anonymous += b.anonymous();
        used += b.used();
        drained -= b.used();
    }

    /** The database holds the lease until {@code deadline} (a {@link System#nanoTime} value) after a write. */
    synchronized void renewed(long newDeadline) {
        deadline = newDeadline;
    }

    /** Stops every further use: the lease is being given back. */
    synchronized void close() {
        closing = true;
    }

    /** The database no longer holds this lease (it was given back, or reclaimed after it expired). */
    synchronized void markDead() {
        dead = true;
        closing = true;
    }

    synchronized boolean closing() {
        return closing;
    }

    synchronized boolean isDead() {
        return dead;
    }

    synchronized long deadline() {
        return deadline;
    }

    synchronized long lastUse() {
        return lastUse;
    }

    synchronized int pending() {
        return pids.size();
    }

    /** One decision's use of a lease, until the decision settles. */
    public record Use(Lease lease, List<byte[]> pids, long anonymous, long need, long answer) {
    }
}
