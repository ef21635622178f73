package dev.transferguard.audit;

import static dev.transferguard.audit.AuditFixtures.ORIGIN;
import static dev.transferguard.audit.AuditFixtures.allowed;
import static dev.transferguard.audit.AuditFixtures.builder;
import static dev.transferguard.audit.AuditFixtures.decide;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void writesOneChainedLinePerRecordAndSignsOnClose() throws Exception {
        Transfer t = allowed(10);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).open()) {
            assertEquals(0, log.append(t, d, new Caller("billing", "Invoices.send")));
            assertEquals(1, log.append(t, d));
            assertEquals(2, log.append(t, d));
            assertEquals(3, log.size());
        }
        List<String> lines = AuditFixtures.lines(dir);
        assertEquals(3, lines.size());
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        MerkleTree tree = new MerkleTree();
        byte[] prev = new byte[32];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.startsWith("{\"origin\":\"" + ORIGIN + "\",\"seq\":" + i + ",\"prev\":\""
                    + HexFormat.of().formatHex(prev) + "\",\"time\":\""), line);
            assertTrue(line.contains(",\"kind\":\"decision\",\"transfer\":" + t.toJson() + ",\"decision\":"
                    + d.toJson() + ",\"policyDigest\":\"" + d.policyDigest() + "\""), line);
            prev = hasher.hashLeaf(line.getBytes(StandardCharsets.UTF_8));
            tree.appendData(line.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(lines.get(0).endsWith(",\"caller\":{\"service\":\"billing\",\"method\":\"Invoices.send\"}}"));
        assertTrue(lines.get(1).endsWith("\"}"), "no caller key without a caller");

        VerifiedCheckpoint cp = Checkpoint.verify(Files.readAllBytes(dir.resolve("checkpoint")),
                List.of(AuditFixtures.key().verifierKey()));
        assertEquals(3, cp.checkpoint().treeSize());
        assertArrayEquals(tree.root(), cp.checkpoint().rootHash());
        assertEquals(List.of("00000000000000000000", "00000000000000000003"),
                LogFiles.keptCheckpoints(dir).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(dir.resolve("00000000000000000000.jsonl")), LogFiles.segments(dir));
    }

    @Test
    void readsTheRecordsBack() {
        Transfer t = allowed(10);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).open()) {
            log.append(t, d, Caller.service("billing"));
        }
        try (Stream<AuditRecord> records = AuditReader.records(dir)) {
            AuditRecord r = records.findFirst().orElseThrow();
            assertEquals(0, r.seq());
            assertEquals(AuditRecord.Kind.DECISION, r.kind());
            assertEquals(t, r.transfer());
            assertEquals(d, r.decision());
            assertEquals(d.policyDigest(), r.policyDigest());
            assertEquals(Caller.service("billing"), r.caller());
            assertEquals("00000000000000000000.jsonl:1", r.location());
        }
    }

    @Test
    void subjectIdsNeverReachTheFiles() {
        String[] ids = {"alice@example.com", "P-1234567", "\u674e\u96f7-110101199003077777"};
        Transfer t = allowed(3).toBuilder().subjects(Subjects.of(3, "CN").withIds(List.of(ids))).build();
        try (AuditLog log = builder(dir).open()) {
            log.append(t, decide(t));
        }
        byte[] all = AuditFixtures.allBytes(dir);
        for (String id : ids) {
            assertFalse(AuditFixtures.contains(all, id), "a subject id is in the log files");
        }
        assertTrue(AuditFixtures.contains(all, "\"ids\":[\"hmac-sha256:"));
        try (Stream<AuditRecord> records = AuditReader.records(dir)) {
            List<String> stored = records.findFirst().orElseThrow().transfer().subjects().ids();
            assertEquals(3, stored.size());
            assertTrue(stored.stream().allMatch(s -> s.matches("hmac-sha256:[0-9a-f]{64}")), stored.toString());
        }
    }

    @Test
    void refusesSubjectIdsWithoutAPseudonymKey() {
        Transfer t = allowed(1).toBuilder().subjects(Subjects.of(1, "CN").withIds(List.of("alice"))).build();
        try (AuditLog log = AuditLog.builder().directory(dir).origin(ORIGIN).signingKey(AuditFixtures.key()).open()) {
            AuditException e = assertThrows(AuditException.class, () -> log.append(t, decide(t)));
            assertTrue(e.getMessage().contains("no pseudonym key"), e.getMessage());
            assertFalse(e.getMessage().contains("alice"));
            assertEquals(0, log.size());
        }
    }

    @Test
    void aClosedLogRefusesAppends() {
        AuditLog log = builder(dir).open();
        log.close();
        log.close();
        AuditException e = assertThrows(AuditException.class, () -> log.append(allowed(1), decide(allowed(1))));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void reopeningContinuesTheSequence() {
        Transfer t = allowed(1);
        try (AuditLog log = builder(dir).open()) {
            log.append(t, decide(t));
            log.append(t, decide(t));
        }
        try (AuditLog log = AuditLog.builder().directory(dir).signingKey(AuditFixtures.key()).open()) {
            assertEquals(ORIGIN, log.origin());
            assertEquals(2, log.size());
            assertEquals(2, log.append(t, decide(t)));
        }
        assertEquals(3, AuditFixtures.lines(dir).size());
    }

    @Test
    void refusesAnotherOriginAndASecondWriter() {
        try (AuditLog log = builder(dir).open()) {
            AuditException twice = assertThrows(AuditException.class, () -> builder(dir).open());
            assertTrue(twice.getMessage().contains("already open"), twice.getMessage());
        }
        AuditException other = assertThrows(AuditException.class, () -> builder(dir).origin("other/log").open());
        assertTrue(other.getMessage().contains("origin"), other.getMessage());
    }

    @Test
    void refusesANewLogWithoutAnOrigin() {
        AuditException e = assertThrows(AuditException.class,
                () -> AuditLog.builder().directory(dir).signingKey(AuditFixtures.key()).open());
        assertTrue(e.getMessage().contains("needs an origin"), e.getMessage());
    }

    @Test
    void asyncAppendsReturnAtOnceAndFlushMakesThemDurable() {
        Transfer t = allowed(1);
        try (AuditLog log = builder(dir).durability(AuditLog.Durability.ASYNC).open()) {
            for (int i = 0; i < 100; i++) {
                assertEquals(i, log.append(t, decide(t)));
            }
            log.flush();
            assertEquals(100, log.size());
        }
        assertEquals(100, AuditFixtures.lines(dir).size());
    }

    @Test
    void recordsTheWriterEncodesAreTheBytesTheCallerWouldHaveWritten() throws Exception {
        // ASYNC hands records to the writer unencoded while it keeps up; SYNC encodes on the caller's thread.
        // Same clock reading cannot be had twice, so the lines are compared past their "time" field.
        java.nio.file.Path syncDir = dir.resolve("sync");
        java.nio.file.Path asyncDir = dir.resolve("async");
        List<Transfer> ts = List.of(allowed(1), allowed(7), allowed(40));
        try (AuditLog sync = builder(syncDir).open();
             AuditLog async = builder(asyncDir).durability(AuditLog.Durability.ASYNC).open()) {
            for (Transfer t : ts) {
                Decision d = decide(t);
                sync.append(t, d, new dev.transferguard.audit.Caller("svc", "m\u00e9thode \"x\""));
                async.append(t, d, new dev.transferguard.audit.Caller("svc", "m\u00e9thode \"x\""));
            }
        }
        List<String> a = AuditFixtures.lines(syncDir);
        List<String> b = AuditFixtures.lines(asyncDir);
        assertEquals(ts.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(afterTime(a.get(i)), afterTime(b.get(i)), "record " + i);
        }
    }

    private static String afterTime(String line) {
        int time = line.indexOf("\"time\":");
        return line.substring(line.indexOf(',', time));
    }

    @Test
    void rollsSegmentsNamedByTheirFirstRecord() throws Exception {
        Transfer t = allowed(1);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).segmentSize(1).open()) {
            for (int i = 0; i < 3; i++) {
                log.append(t, d);
            }
        }
        assertEquals(List.of("00000000000000000000.jsonl", "00000000000000000001.jsonl", "00000000000000000002.jsonl"),
                LogFiles.segments(dir).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(3, AuditFixtures.lines(dir).size());
    }

    @Test
    void signsACheckpointWhenIdle() throws Exception {
        Transfer t = allowed(1);
        try (AuditLog log = builder(dir).checkpointEvery(1000, Duration.ofMillis(50)).open()) {
            log.append(t, decide(t));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.latestCheckpoint().treeSize() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, log.latestCheckpoint().treeSize());
            VerifiedCheckpoint cp = Checkpoint.verify(Files.readAllBytes(dir.resolve("checkpoint")),
                    List.of(AuditFixtures.key().verifierKey()));
            assertEquals(1, cp.checkpoint().treeSize());
        }
    }

    @Test
    void signsACheckpointEveryNRecords() {
        Transfer t = allowed(1);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).checkpointEvery(5, Duration.ofHours(1)).open()) {
            for (int i = 0; i < 12; i++) {
                log.append(t, d);
            }
            assertTrue(log.latestCheckpoint().treeSize() >= 10, log.latestCheckpoint().toString());
            assertNotNull(log.checkpoint());
            assertEquals(12, log.latestCheckpoint().treeSize());
        }
    }

    @Test
    void aRecordLongerThanALineMayBeIsRefusedToItsCallerAndTheLogGoesOn() {
        // A caller's method name of 9 MiB makes a record longer than the 8 MiB a line may hold.
        Caller huge = new Caller("billing", "x".repeat(9 << 20));
        for (AuditLog.Durability durability : AuditLog.Durability.values()) {
            Path at = dir.resolve(durability.name());
            try (AuditLog log = builder(at).durability(durability).open()) {
                Transfer t = allowed(1);
                log.append(t, decide(t));
                AuditException e = assertThrows(AuditException.class, () -> log.append(t, decide(t), huge));
                assertTrue(e.getMessage().contains("is too large for the audit log"), e.getMessage());
                log.append(t, decide(t));
                log.flush();
                assertEquals(2, log.size(), durability + ": the refused record took no place in the log");
            }
            AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(at);
            assertTrue(v.intact(), String.valueOf(v.fault()));
            assertEquals(2, v.records());
        }
    }

    @Test
    void whenItCannotWriteEveryAppendFailsWithTheCause() throws Exception {
        Transfer t = allowed(1);
        Decision d = decide(t);
        try (AuditLog log = builder(dir).segmentSize(1).open()) {
            log.append(t, d);
            // The next record starts segment 1; a directory in its place makes creating it fail.
            Files.createDirectory(dir.resolve("00000000000000000001.jsonl"));
            AuditException e = assertThrows(AuditException.class, () -> log.append(t, d));
            assertTrue(e.getMessage().contains("cannot record"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            AuditException later = assertThrows(AuditException.class, () -> log.append(t, d));
            assertEquals(e.getMessage(), later.getMessage());
            assertEquals(1, log.size());
        }
        Files.delete(dir.resolve("00000000000000000001.jsonl"));
        try (AuditLog log = builder(dir).open()) {
            assertEquals(1, log.size());
            assertEquals(1, log.append(t, d));
        }
    }

    @Test
    void anUnusableDirectoryFailsToOpen() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        AuditException e = assertThrows(AuditException.class, () -> builder(file.resolve("log")).open());
        assertTrue(e.getMessage().startsWith("cannot create the audit log directory"), e.getMessage());
    }
}
