package dev.transferguard.audit;

import static dev.transferguard.audit.AuditFixtures.allowed;
import static dev.transferguard.audit.AuditFixtures.builder;
import static dev.transferguard.audit.AuditFixtures.decide;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRecoveryTest {

    @TempDir
    Path dir;

    private Path segment() {
        return dir.resolve("00000000000000000000.jsonl");
    }

    @Test
    void cutsATornLastLineAndSaysSoInARecoveryRecord() throws Exception {
        AuditFixtures.writeLog(dir, 3, 10);
        byte[] signed = Files.readAllBytes(segment());
        String torn = "{\"origin\":\"" + AuditFixtures.ORIGIN + "\",\"seq\":3,\"prev\":\"00";
        Files.writeString(segment(), torn, StandardOpenOption.APPEND);

        try (AuditLog log = builder(dir).open()) {
            assertEquals(4, log.size());
            assertEquals(4, log.latestCheckpoint().treeSize(), "recovery signs what it leaves");
        }
        byte[] after = Files.readAllBytes(segment());
        assertArrayEquals(signed, Arrays.copyOf(after, signed.length), "the signed records are untouched");
        AuditRecord recovery = last();
        assertEquals(3, recovery.seq());
        assertEquals(AuditRecord.Kind.RECOVERY, recovery.kind());
        assertEquals(new AuditRecord.Recovery("00000000000000000000.jsonl", signed.length,
                torn.getBytes(StandardCharsets.UTF_8).length, 1, "torn"), recovery.recovery());
        assertTrue(!recovery.line().contains("\"prev\":\"00\""), "the cut content is not repeated");
    }

    @Test
    void cutsALineThatIsNotARecordAndEverythingAfterIt() throws Exception {
        AuditFixtures.writeLog(dir, 2, 10);
        long size = Files.size(segment());
        Files.writeString(segment(), "garbage\n{\"also\":1}\n", StandardOpenOption.APPEND);
        try (AuditLog log = builder(dir).open()) {
            assertEquals(3, log.size());
        }
        assertEquals(new AuditRecord.Recovery("00000000000000000000.jsonl", size, 19, 2, "not-a-record"),
                last().recovery());
    }

    @Test
    void cutsARecordOutOfSequence() throws Exception {
        AuditFixtures.writeLog(dir, 2, 10);
        List<String> lines = AuditFixtures.lines(dir);
        Files.writeString(segment(), lines.get(1) + "\n", StandardOpenOption.APPEND);
        try (AuditLog log = builder(dir).open()) {
            assertEquals(3, log.size());
        }
        assertEquals("out-of-sequence", last().recovery().reason());
    }

    @Test
    void keepsAnUnsignedTailOfWholeRecordsAndSignsIt() throws Exception {
        Path copy = dir.resolve("copy");
        Path original = dir.resolve("original");
        Transfer t = allowed(1);
        try (AuditLog log = builder(original).checkpointEvery(1000, Duration.ofHours(1)).open()) {
            log.append(t, decide(t));
            log.append(t, decide(t));
            // A crash now leaves two durable records after the checkpoint of size 0.
            copyLog(original, copy);
        }
        try (AuditLog log = builder(copy).open()) {
            assertEquals(2, log.size());
            assertEquals(2, log.latestCheckpoint().treeSize());
        }
        try (Stream<AuditRecord> records = AuditReader.records(copy)) {
            assertTrue(records.allMatch(r -> r.kind() == AuditRecord.Kind.DECISION));
        }
    }

    @Test
    void cutsAnUnsignedRecordWhoseEndNeverReachedTheDisk() throws Exception {
        Path crashed = dir.resolve("crashed");
        Transfer t = allowed(1);
        try (AuditLog log = builder(dir.resolve("live")).checkpointEvery(2, Duration.ofHours(1)).open()) {
            log.append(t, decide(t));
            log.append(t, decide(t));
            log.append(t, decide(t));
            copyLog(dir.resolve("live"), crashed);
        }
        Path segment = crashed.resolve("00000000000000000000.jsonl");
        byte[] b = Files.readAllBytes(segment);
        int thirdStart = new String(b, StandardCharsets.UTF_8).indexOf("{\"origin\"", 10);
        thirdStart = new String(b, StandardCharsets.UTF_8).indexOf("{\"origin\"", thirdStart + 10);
        // The head survived, the rest of the line is zeros, the newline is there.
        Arrays.fill(b, thirdStart + 200, b.length - 1, (byte) 0);
        Files.write(segment, b);
        try (AuditLog log = builder(crashed).open()) {
            assertEquals(3, log.size(), "two signed records and the recovery note");
        }
        try (Stream<AuditRecord> records = AuditReader.records(crashed)) {
            AuditRecord last = records.reduce((x, y) -> y).orElseThrow();
            assertEquals("not-a-record", last.recovery().reason());
            assertEquals(thirdStart, last.recovery().offset());
        }
    }

    @Test
    void refusesToOpenALogWhoseSignedRecordsWereChanged() throws Exception {
        AuditFixtures.writeLog(dir, 3, 10);
        byte[] bytes = Files.readAllBytes(segment());
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("acme-sg");
        bytes[at] = 'A';
        Files.write(segment(), bytes);
        AuditException e = assertThrows(AuditException.class, () -> builder(dir).open());
        assertTrue(e.getMessage().contains("is not opened"), e.getMessage());
        assertTrue(e.getMessage().contains("MODIFIED at seq 0"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(segment()), "a log that does not verify is left as it is");
    }

    @Test
    void refusesToOpenALogCutInsideTheSignedRange() throws Exception {
        AuditFixtures.writeLog(dir, 3, 10);
        List<String> lines = AuditFixtures.lines(dir);
        Files.writeString(segment(), lines.get(0) + "\n" + lines.get(1) + "\n");
        AuditException e = assertThrows(AuditException.class, () -> builder(dir).open());
        assertTrue(e.getMessage().contains("fewer than the 3"), e.getMessage());
    }

    @Test
    void refusesRecordsWithoutACheckpoint() throws Exception {
        AuditFixtures.writeLog(dir, 1, 10);
        Files.delete(dir.resolve("checkpoint"));
        try (Stream<Path> kept = Files.list(dir.resolve("checkpoints"))) {
            for (Path p : kept.toList()) {
                Files.delete(p);
            }
        }
        AuditException e = assertThrows(AuditException.class, () -> builder(dir).open());
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
    }

    @Test
    void refusesACheckpointNoConfiguredKeySigned() {
        AuditFixtures.writeLog(dir, 1, 10);
        SigningKey other = SigningKey.generate("other-key");
        AuditException e = assertThrows(AuditException.class,
                () -> AuditLog.builder().directory(dir).signingKey(other).open());
        assertTrue(e.getMessage().contains("does not verify with the configured keys"), e.getMessage());
        try (AuditLog log = AuditLog.builder().directory(dir).signingKey(other)
                .trust(AuditFixtures.key().verifierKey()).open()) {
            log.append(allowed(1), decide(allowed(1)));
        }
        try (AuditLog log = AuditLog.builder().directory(dir).signingKey(other).open()) {
            assertEquals(2, log.size(), "after the rotation the new key alone opens the log");
        }
    }

    @Test
    void finishesACheckpointInterruptedBeforeTheLatestWasReplaced() throws Exception {
        AuditFixtures.writeLog(dir, 2, 10);
        byte[] latest = Files.readAllBytes(dir.resolve("checkpoint"));
        byte[] first = Files.readAllBytes(dir.resolve("checkpoints/00000000000000000000"));
        Files.write(dir.resolve("checkpoint"), first);
        try (AuditLog log = builder(dir).open()) {
            assertEquals(2, log.latestCheckpoint().treeSize());
        }
        assertArrayEquals(latest, Files.readAllBytes(dir.resolve("checkpoint")));
    }

    private AuditRecord last() {
        try (Stream<AuditRecord> records = AuditReader.records(dir)) {
            return records.reduce((a, b) -> b).orElseThrow();
        }
    }

    private static void copyLog(Path from, Path to) throws Exception {
        Files.createDirectories(to.resolve(LogFiles.CHECKPOINTS));
        for (Path s : LogFiles.segments(from)) {
            Files.copy(s, to.resolve(s.getFileName()));
        }
        Files.copy(from.resolve("checkpoint"), to.resolve("checkpoint"));
        for (Path k : LogFiles.keptCheckpoints(from)) {
            Files.copy(k, to.resolve("checkpoints").resolve(k.getFileName()));
        }
    }
}
