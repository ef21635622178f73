package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection in the audit log writer: whatever the disk does, an append either returns with its record
 * durable or throws, the log verifies afterwards, and it reopens with every acknowledged record.
 */
class AuditFaultInjectionTest {

    private final List<Path> dirs = new ArrayList<>();
    private static final Transfer T = AuditFixtures.allowed(10);
    private static final Decision D = AuditFixtures.decide(T);

    private Path newDir() {
        Path d = FastTemp.directory("audit-fault");
        dirs.add(d);
        return d;
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Path d : dirs) {
            try (Stream<Path> walk = Files.walk(d)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Checkpoints every 3 records, so that faults land in checkpoints too. */
    private static AuditLog.Builder builder(Path dir) {
        return AuditFixtures.builder(dir).checkpointEvery(3, Duration.ofHours(1));
    }

    private static AuditVerification verify(Path dir) {
        return AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(dir);
    }

    /**
     * Appends until the log fails (or {@code max} records), closes it, and checks that the log verifies and
     * reopens on a good disk with every acknowledged record.
     */
    private static long appendUntilFailureThenCheck(Path dir, FaultyDisk disk, int max) {
        long acknowledged = 0;
        AuditLog log;
        try {
            log = FaultyDisk.open(builder(dir), disk);
        } catch (AuditException e) {
            log = null;
        }
        if (log != null) {
            try {
                for (int i = 0; i < max; i++) {
                    long seq = log.append(T, D);
                    acknowledged = seq + 1;
                }
            } catch (AuditException e) {
                assertTrue(e.getMessage().contains("cannot record"), e.getMessage());
            } finally {
                try {
                    log.close();
                } catch (AuditException e) {
                    // The last checkpoint could not be written either: reported, and recovery finishes it.
                }
            }
        }
        if (acknowledged > 0 || Files.exists(dir.resolve("checkpoint"))) {
            // (A new log whose first checkpoint never reached the disk is not a log yet: nothing to verify.)
            AuditVerification before = verify(dir);
            assertTrue(before.intact(), "after the fault: " + before.fault());
        }
        try (AuditLog reopened = builder(dir).open()) {
            assertTrue(reopened.size() >= acknowledged, "reopened with " + reopened.size() + " records, "
                    + acknowledged + " acknowledged");
            reopened.append(T, D);
        }
        AuditVerification after = verify(dir);
        assertTrue(after.intact(), "after reopening: " + after.fault());
        assertTrue(after.records() >= acknowledged + 1);
        return acknowledged;
    }

    @Test
    void shortWritesStillMakeWholeDurableRecords() {
        for (int max : new int[] {1, 2, 7, 61}) {
            Path dir = newDir();
            try (AuditLog log = FaultyDisk.open(builder(dir), FaultyDisk.shortWrites(max))) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(i, log.append(T, D));
                }
            }
            AuditVerification v = verify(dir);
            assertTrue(v.intact(), "short writes of " + max + ": " + v.fault());
            assertEquals(10, v.records());
            assertEquals(10, v.signedRecords());
        }
    }

    @Test
    void aDiskThatFailsAfterNBytesNeverLosesAnAcknowledgedRecord() {
        // One record is about 700 bytes, a checkpoint about 200: the budgets fall inside records, checkpoints
        // (kept copy, latest) and directory entries, from the very first write of a new log on.
        long most = 0;
        for (long budget = 0; budget < 9000; budget += budget < 400 ? 37 : 313) {
            most = Math.max(most, appendUntilFailureThenCheck(newDir(), FaultyDisk.fullAfter(budget), 12));
        }
        assertTrue(most >= 6, "the larger budgets took several records: " + most);
    }

    @Test
    void aFullDiskStopsTheLogAndNamesTheCause() {
        Path dir = newDir();
        FaultyDisk disk = FaultyDisk.fullAfter(5000);
        try (AuditLog log = FaultyDisk.open(builder(dir), disk)) {
            AuditException e = assertThrows(AuditException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    log.append(T, D);
                }
            });
            assertTrue(e.getMessage().contains(FaultyDisk.FULL), e.getMessage());
            AuditException later = assertThrows(AuditException.class, () -> log.append(T, D));
            assertTrue(later.getMessage().contains(FaultyDisk.FULL), "every later append fails the same way");
        } catch (AuditException closing) {
            // close() may report the same failure.
        }
        appendUntilFailureThenCheck(dir, FaultyDisk.fullAfter(Long.MAX_VALUE), 1);
    }

    @Test
    void aFailedFsyncFailsTheAppendThatWaitedForIt() {
        for (int forces = 0; forces < 12; forces++) {
            Path dir = newDir();
            long acknowledged = appendUntilFailureThenCheck(dir, FaultyDisk.fsyncFailsAfter(forces), 10);
            assertTrue(acknowledged < 10, "an fsync failed within 10 appends after " + forces + " forces");
        }
    }

    @Test
    void anAsyncLogsCheckpointsWrittenAsideCoverDurableRecordsAndAFailedOneStopsTheLog() {
        // An async log writes its periodic checkpoints on a thread of its own: each fsync may fail, in a
        // record batch or in a checkpoint; the failure surfaces at the next flush, and what is on disk holds.
        for (int forces = 0; forces < 40; forces += forces < 12 ? 1 : 7) {
            Path dir = newDir();
            AuditLog log;
            try {
                log = FaultyDisk.open(builder(dir).durability(AuditLog.Durability.ASYNC),
                        FaultyDisk.fsyncFailsAfter(forces));
            } catch (AuditException e) {
                continue;
            }
            long flushed = 0;
            try {
                for (int i = 0; i < 60; i++) {
                    long seq = log.append(T, D);
                    if (i % 5 == 4) {
                        log.flush();
                        flushed = seq + 1;
                    }
                }
            } catch (AuditException e) {
                assertTrue(e.getMessage().contains("cannot record"), e.getMessage());
            } finally {
                try {
                    log.close();
                } catch (AuditException e) {
                    // reported again by close()
                }
            }
            AuditVerification v = verify(dir);
            assertTrue(v.intact(), "after " + forces + " forces: " + v.fault());
            assertTrue(v.records() >= flushed, "flushed " + flushed + ", found " + v.records());
            try (AuditLog reopened = builder(dir).open()) {
                assertTrue(reopened.size() >= flushed);
            }
        }
    }

    @Test
    void anAsyncLogSignsEveryNRecordsWhileItGoesOnWriting() throws IOException {
        Path dir = newDir();
        try (AuditLog log = builder(dir).durability(AuditLog.Durability.ASYNC).open()) {
            for (int i = 0; i < 3000; i++) {
                log.append(T, D);
                if (i % 30 == 29) {
                    // Every batch of records then has a checkpoint due.
                    log.flush();
                }
            }
        }
        AuditVerification v = verify(dir);
        assertTrue(v.intact(), v.fault() == null ? "" : v.fault().toString());
        assertEquals(3000, v.records());
        assertEquals(3000, v.signedRecords());
        try (Stream<Path> kept = Files.list(dir.resolve("checkpoints"))) {
            long count = kept.count();
            assertTrue(count >= 100, count + " checkpoints kept for 100 flushed batches of 30 records");
        }
    }

    @Test
    void anAsyncLogReportsTheFailureAtTheNextFlush() {
        Path dir = newDir();
        try (AuditLog log = FaultyDisk.open(builder(dir).durability(AuditLog.Durability.ASYNC),
                FaultyDisk.fullAfter(3000))) {
            try {
                for (int i = 0; i < 50; i++) {
                    log.append(T, D);
                }
                log.flush();
                fail("50 records do not fit in 3000 bytes");
            } catch (AuditException e) {
                assertTrue(e.getMessage().contains(FaultyDisk.FULL), e.getMessage());
            }
        } catch (AuditException closing) {
            // reported again by close()
        }
        appendUntilFailureThenCheck(dir, FaultyDisk.fullAfter(Long.MAX_VALUE), 1);
    }

    @Test
    void aReadOnlyDiskFailsTheOpenAndLeavesNothingBehindThatBlocksALaterOpen() {
        Path dir = newDir();
        AuditException e = assertThrows(AuditException.class, () -> FaultyDisk.open(builder(dir),
                FaultyDisk.readOnly()));
        assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
        appendUntilFailureThenCheck(dir, FaultyDisk.fullAfter(Long.MAX_VALUE), 3);
    }
}
