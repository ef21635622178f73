package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import java.util.concurrent.locks.LockSupport;

/**
 * A request queued for the writer: a record, or a flush, checkpoint or close. Whoever queued it may
 * {@link #await()} it: for a record, until the record is durable.
 */
public final class QueuedEntry {
    static final int DATA = 0;
    static final int FLUSH = 1;
    static final int CHECKPOINT = 2;
    static final int CLOSE = 3;

    final int type;
    /** A record's body; for one handed over unencoded, set by the writer from {@link #encoder}. */
    byte[] body;
    final java.util.function.Supplier<byte[]> encoder;
    final Thread waiter;
    long seq = -1;
    /** For a record: how many batches' callers the writer had released when it was queued. */
    long round;
    Checkpoint checkpoint;
    AuditException error;
    /** 0 pending, 1 done, 2 failed; written last, so the fields above are visible once it is read. */
    volatile int state;

    QueuedEntry(int type, byte[] body, Thread waiter) {
        this(type, body, null, waiter);
    }

    QueuedEntry(int type, byte[] body, java.util.function.Supplier<byte[]> encoder, Thread waiter) {
        this.type = type;
        this.body = body;
        this.encoder = encoder;
        this.waiter = waiter;
    }

    void complete() {
        state = 1;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    void fail(AuditException e) {
        error = e;
        state = 2;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /** @return the record's sequence number (for records; -1 otherwise) */
    public long seq() {
        return seq;
    }

    /**
     * Waits until the writer has done what this entry asked: for a record, until it is durable.
     *
     * @return the record's sequence number
     * @throws AuditException when the log could not do it
     */
    public long await() {
        boolean interrupted = false;
        while (state == 0) {
            LockSupport.park(this);
            // An interrupt cannot undo a write in flight; wait for the truth and keep the interrupt.
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (state == 2) {
            // A new exception per caller, so that each carries its own stack trace.
            throw new AuditException(error.getMessage(), error.getCause());
        }
        return seq;
    }
}
