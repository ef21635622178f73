package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer's bounded queue, and how the writer takes batches from it. Sequence numbers are handed out when
 * a record is queued, under the same lock that orders the queue, so the file order is the sequence order. A
 * full queue blocks rather than drops.
 *
 * <p>In {@code SYNC} mode the callers a batch releases come back with their next records while the writer
 * is already taking the next batch. Taking only what is queued at that moment would split the callers into
 * two alternating halves, each paying a whole fsync; so the writer waits, at most as long as its last fsync
 * took, for as many records as the last batch released plus those of other callers, queued before that
 * release. A record is stamped with the number of releases when it is queued, so that a released caller's
 * next record, stamped after its release, is not counted twice: a lone caller is never kept waiting, one
 * record is all that is expected of it.
 */
final class RequestQueue {

    private static final int MAX_BATCH = 4096;
    /** The longest wait for a sync batch to fill up, however slow the disk. */
    private static final long MAX_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * Below this an fsync costs less than a timed park can be trusted to last (Linux lets a timer slip by
     * 50 us), so a sync batch does not wait to fill up.
     */
    private static final long MIN_GATHER_FORCE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Path dir;
    private final ArrayBlockingQueue<QueuedEntry> queue;
    private final ReentrantLock enqueueLock = new ReentrantLock();
    /** Guarded by enqueueLock. */
    private long nextSeq;
    /** Guarded by enqueueLock. */
    private boolean closing;
    private volatile AuditException failure;
    /** How many times the writer has released the callers of a batch; written by the writer thread only. */
    private volatile long releases;
    /** Writer thread only: how many waiting callers the last release let go. */
    private int released;

    /**
     * @param dir      the log directory, for messages
     * @param capacity how many requests may wait
     * @param nextSeq  the sequence number of the next record
     */
    RequestQueue(Path dir, int capacity, long nextSeq) {
        this.dir = dir;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.nextSeq = nextSeq;
    }

    /** @return the failure that stopped the log, or {@code null} while it works */
    AuditException failure() {
        return failure;
    }

    /**
     * Queues a request; a record gets its sequence number.
     *
     * @param e the request
     * @return it
     * @throws AuditException when the log is closed or failed, or the wait for room was interrupted
     */
    QueuedEntry put(QueuedEntry e) {
        enqueueLock.lock();
        try {
            if (closing) {
                throw new AuditException("the audit log " + dir + " is closed");
            }
            checkFailure();
            if (e.type == QueuedEntry.DATA) {
                e.seq = nextSeq;
                e.round = releases;
            }
            putLocked(e);
            if (e.type == QueuedEntry.DATA) {
                nextSeq++;
            }
            return e;
        } finally {
            enqueueLock.unlock();
        }
    }

    /**
     * Queues the close request, the last one the queue takes.
     *
     * @param e the close request
     * @return whether it was queued: not when the log is already closing or failed
     */
    boolean putLast(QueuedEntry e) {
        enqueueLock.lock();
        try {
            if (closing || failure != null) {
                return false;
            }
            putLocked(e);
            closing = true;
            return true;
        } finally {
            enqueueLock.unlock();
        }
    }

    private void putLocked(QueuedEntry e) {
        try {
            while (!queue.offer(e, 20, TimeUnit.MILLISECONDS)) {
                // A full queue blocks rather than drops; but a writer that died will never make room.
                checkFailure();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while waiting for room in the queue of the audit log " + dir);
        }
    }

    private void checkFailure() {
        AuditException f = failure;
        if (f != null) {
            throw new AuditException(f.getMessage(), f.getCause());
        }
    }

    /**
     * Takes the next batch: everything queued, once something is; for a sync log, gathered as described above.
     *
     * @param batch             receives the requests, in order
     * @param waitNanos         how long to wait for the first
     * @param sync              whether the callers wait for their records
     * @param lastForceDuration how long the last fsync took
     * @return whether anything came before the wait was over
     * @throws InterruptedException when the writer thread is interrupted
     */
    boolean take(List<QueuedEntry> batch, long waitNanos, boolean sync, long lastForceDuration)
            throws InterruptedException {
        QueuedEntry first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        if (sync) {
            gather(batch, lastForceDuration);
        }
        return true;
    }

    /**
     * Waits for the sync batch to reach the size expected of it, at most as long as the last fsync took
     * (and at most {@link #MAX_GATHER_NANOS}): a batch as large as the callers make it halves the fsyncs per
     * record of two alternating ones, and costs at most one more fsync's time. Expected are a record from
     * each caller the last batch released, and the records queued before that release (whose callers were
     * not among those released). Where an fsync is cheaper than {@link #MIN_GATHER_FORCE_NANOS} (a RAM disk,
     * a fast SSD), nothing is waited for. A flush, checkpoint or close request is never kept waiting.
     */
    private void gather(List<QueuedEntry> batch, long lastForceDuration) throws InterruptedException {
        if (lastForceDuration < MIN_GATHER_FORCE_NANOS || !onlyRecords(batch, 0)) {
            return;
        }
        long round = releases;
        int want = wanted(batch);
        if (batch.size() >= want) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(lastForceDuration, MAX_GATHER_NANOS);
        while (batch.size() < want) {
            long left = deadline - System.nanoTime();
            QueuedEntry e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                return;
            }
            int from = batch.size();
            batch.add(e);
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (!onlyRecords(batch, from)) {
                return;
            }
            // Records queued before the release that came only now (the lock let them in late) are not
            // from the callers released: they raise the count.
            want = Math.min(want + queuedBefore(batch, from, round), MAX_BATCH);
        }
    }

    /**
     * How many records a sync batch holding {@code batch} can expect: one from each caller the last release
     * let go, and each record queued before it.
     *
     * @param batch the records taken so far
     * @return the batch size to wait for
     */
    int wanted(List<QueuedEntry> batch) {
        return Math.min(released + queuedBefore(batch, 0, releases), MAX_BATCH);
    }

    /** How many of the batch's records from {@code from} on were queued before release {@code round}. */
    private static int queuedBefore(List<QueuedEntry> batch, int from, long round) {
        int n = 0;
        for (int i = from; i < batch.size(); i++) {
            n += batch.get(i).round < round ? 1 : 0;
        }
        return n;
    }

    private static boolean onlyRecords(List<QueuedEntry> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (batch.get(i).type != QueuedEntry.DATA) {
                return false;
            }
        }
        return true;
    }

    /** @return how many requests wait for the writer */
    int size() {
        return queue.size();
    }

    /**
     * Notes that the writer is about to release the waiting callers of a batch, before it wakes any of
     * them: each waits for one record at a time, so it comes back with at most one, stamped after this.
     *
     * @param callers the waiting callers it releases
     */
    void releasing(int callers) {
        released = callers;
        releases++;
    }

    /**
     * Stops the queue for good: later requests fail with {@code f}.
     *
     * @param f why
     */
    void fail(AuditException f) {
        failure = f;
    }

    /** Fails every request still queued with the failure given to {@link #fail}. */
    void failQueued() {
        enqueueLock.lock();
        try {
            QueuedEntry e;
            while ((e = queue.poll()) != null) {
                e.fail(failure);
            }
        } finally {
            enqueueLock.unlock();
        }
    }
}
