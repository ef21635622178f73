package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handoff benchmark releases whole batches, one request from each caller, and stops its callers. */
class HandoffBenchmarkTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyOperationTakesOneRequestFromEachCallerAndTheCallersEnd() throws InterruptedException {
        HandoffBenchmark b = new HandoffBenchmark();
        b.startCallers();
        assertEquals(HandoffBenchmark.CALLERS, b.callersAlive());
        for (int i = 0; i < 2_000; i++) {
            // A caller left waiting (not released) would never queue again, and this would wait forever.
            assertEquals(HandoffBenchmark.CALLERS, b.releaseAndRegather());
        }
        b.stopCallers();
        assertEquals(0, b.callersAlive());
    }
}
