package dev.transferguard;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.DecisionRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters of a reload in the making: the mark up to which the audit log is replayed for them, and the
 * transfers counted since, which the replay does not reach. Between them they hold every allowed record.
 */
final class CounterRebuild {

    /**
     * What the decision path knew when the rebuild started, under its lock.
     *
     * @param lastCounted the record of the last transfer counted under the lock, or {@code null}
     * @param exact       whether the policies in force count, so that every allowed record is queued under the
     *                    lock and the mark can split them exactly
     * @param durable     how many records were durable, or {@code -1} when the log does not number them
     */
    record Start(DecisionRecorder.Recording lastCounted, boolean exact, long durable) {
    }

    /** Guarded by the decision lock. */
    private final List<Transfer> meanwhile = new ArrayList<>();

    /** Keeps a transfer counted after the start; called under the decision lock. */
    void counted(Transfer t) {
        meanwhile.add(t);
    }

    /** The transfers counted since the start; read under the decision lock. */
    List<Transfer> meanwhile() {
        return meanwhile;
    }

    /**
     * The mark: how many records to replay. Every record of a transfer counted before the start lies below
     * it; under policies that count, every transfer counted after lies at or above it, so none counts twice.
     * Under policies that count nothing, records are queued outside the lock, and one queued near the start may
     * be both below the mark and kept: it counts twice, too many rather than too few. Waits, outside the lock,
     * until the records below the mark are durable.
     *
     * @return the mark, or {@code -1} when the log cannot be replayed up to one (it has failed, or does not
     *         number its records): the counters are then rebuilt from the whole log under the lock
     */
    long mark(DecisionRecorder audit, Start start) {
        if (start.durable() < 0) {
            return -1;
        }
        try {
            // Records queued before the start, counted under the lock or not, become durable.
            audit.flush();
            if (!start.exact()) {
                return audit.size();
            }
            long mark = start.durable();
            if (start.lastCounted() != null) {
                long seq = start.lastCounted().sequence();
                if (seq < 0) {
                    return -1;
                }
                mark = Math.max(mark, seq + 1);
            }
            return mark;
        } catch (AuditException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
