package dev.transferguard.audit.internal.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many records the writer waits for before it writes a sync batch. Too few splits the callers into
 * halves that each pay an fsync; too many makes every batch wait in vain for records that cannot come, as
 * long as an fsync takes, which doubled a lone caller's append.
 */
class RequestQueueTest {

    private final RequestQueue queue = new RequestQueue(Path.of("log"), 64, 0);

    private QueuedEntry record() {
        return queue.put(new QueuedEntry(QueuedEntry.DATA, new byte[] {'{', '}'}, Thread.currentThread()));
    }

    private List<QueuedEntry> takeAll() throws InterruptedException {
        List<QueuedEntry> batch = new ArrayList<>();
        // A fast disk's last fsync: nothing is waited for here, so that the test sees the batch as queued.
        assertTrue(queue.take(batch, 0, true, 0));
        return batch;
    }

    @Test
    void aLoneCallersNextRecordIsAllThatIsExpected() throws InterruptedException {
        record();
        List<QueuedEntry> first = takeAll();
        queue.releasing(1);
        // The caller, released, comes back at once with its next record, before the writer looks again.
        record();
        List<QueuedEntry> next = takeAll();
        assertEquals(1, next.size());
        assertEquals(1, queue.wanted(next), "the released caller's new record is counted once, not twice");
        assertEquals(List.of(0L, 1L), List.of(first.get(0).seq(), next.get(0).seq()));
    }

    @Test
    void eightCallersAreWaitedForEvenWhenSomeAreBackAlready() throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            record();
        }
        assertEquals(8, takeAll().size());
        queue.releasing(8);
        for (int i = 0; i < 3; i++) {
            record();
        }
        List<QueuedEntry> next = takeAll();
        assertEquals(8, queue.wanted(next), "all eight released callers are expected back, three are");
    }

    @Test
    void aRecordQueuedDuringTheFsyncComesFromAnotherCallerAndIsCountedBesideTheReleasedOnes()
            throws InterruptedException {
        record();
        record();
        assertEquals(2, takeAll().size());
        // While the batch of two is written, a third caller queues its record.
        record();
        queue.releasing(2);
        // One of the two released callers is back already.
        record();
        List<QueuedEntry> next = takeAll();
        assertEquals(2, next.size());
        assertEquals(3, queue.wanted(next), "the two released callers, and the third");
    }
}
