package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The batch floor writes lines as long as the audit benchmark's records. */
class FsyncFloorBenchmarkTest {

    @Test
    void aBatchLineIsAsLongAsTheAuditBenchmarksRecordsAreOnAverage() {
        int bytes = FsyncFloorBenchmark.meanRecordBytes();
        // The records of the shipped packs' transfers carry their reasons and citations: about 1 KB each, far
        // more than the 300 bytes of the one-record floor.
        assertTrue(bytes > 600 && bytes < 4096, bytes + " bytes");
    }
}
