package dev.transferguard.audit.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How many threads verification hashes on: one per processor that nothing else runs on now. */
class HashingThreadsTest {

    @Test
    void aQuietMachineGetsEveryProcessorHoweverHighTheLastMinutesLoad() {
        // The load average still shows the job that just ended; only this thread runs now.
        assertEquals(2, LogVerifier.threadsFor(2, "2.31 1.10 0.52 1/87 19366\n", 1));
        assertEquals(8, LogVerifier.threadsFor(8, "9.80 5.00 2.00 1/300 1\n", 1));
    }

    @Test
    void threadsOfOtherProcessesRunningNowTakeTheirProcessors() {
        assertEquals(1, LogVerifier.threadsFor(2, "0.10 0.10 0.10 3/87 19366", 1));
        assertEquals(3, LogVerifier.threadsFor(4, "0.10 0.10 0.10 3/90 1", 2));
        assertEquals(1, LogVerifier.threadsFor(2, "0.10 0.10 0.10 40/90 1", 1), "never fewer than one");
    }

    @Test
    void thisProcesssOwnRunningThreadsDoNotCountAgainstIt() {
        // Its compiler threads run while it starts: they are not another process's load.
        assertEquals(4, LogVerifier.threadsFor(4, "0.00 0.00 0.00 3/90 1", 3));
        assertEquals(4, LogVerifier.threadsFor(4, "0.00 0.00 0.00 2/90 1", 5), "counted at different moments");
    }

    @Test
    void aTextNotOfTheKernelsFormIsRefusedSoThatTheCallerFallsBack() {
        assertThrows(RuntimeException.class, () -> LogVerifier.threadsFor(2, "garbage", 1));
        assertThrows(RuntimeException.class, () -> LogVerifier.threadsFor(2, "0.1 0.1 0.1 x/87 1", 1));
    }

    @Test
    void theLiveFigureIsWithinOneAndTheProcessors() {
        int threads = LogVerifier.hashingThreads();
        assertTrue(threads >= 1 && threads <= Runtime.getRuntime().availableProcessors(), "threads " + threads);
    }
}
