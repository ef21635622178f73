package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditFault.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {

    /** 10 records over several segments, with checkpoints at 3, 6, 9 and 10. */
    static Map<String, byte[]> pristine;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeOnce() {
        Path log = shared.resolve("log");
        Transfer t = AuditFixtures.allowed(10);
        try (AuditLog l = AuditFixtures.builder(log).checkpointEvery(3, Duration.ofHours(1)).segmentSize(2500).open()) {
            for (int i = 0; i < 10; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }
        pristine = LogDirs.snapshot(log);
    }

    private AuditVerification verify() {
        return AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(dir);
    }

    private void assertFault(Kind kind, long seq) {
        AuditVerification v = verify();
        assertTrue(!v.intact(), "expected " + kind + " but the log verified");
        assertEquals(kind, v.fault().kind(), v.fault().toString());
        assertEquals(seq, v.fault().seq(), v.fault().toString());
    }

    private List<byte[]> lines(List<Integer> perSegment) {
        return LogDirs.lines(pristine, perSegment);
    }

    private void restoreWithLines(List<byte[]> lines, List<Integer> perSegment) {
        Map<String, byte[]> files = new java.util.TreeMap<>(pristine);
        LogDirs.writeLines(files, lines, perSegment);
        LogDirs.restore(files, dir);
    }

    @Test
    void anIntactLogVerifies() {
        LogDirs.restore(pristine, dir);
        assertTrue(LogDirs.segments(pristine).size() > 1, "the fixture spans several segments");
        AuditVerification v = verify();
        assertNull(v.fault());
        assertEquals(10, v.records());
        assertEquals(10, v.signedRecords());
        assertEquals(AuditFixtures.ORIGIN, v.origin());
        assertEquals(List.of("test-key+" + AuditFixtures.key().verifierKey().keyIdHex()), v.signers());
        assertEquals(List.of(), v.warnings());
    }

    @Test
    void namesAChangedRecord() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        lines.set(4, new String(lines.get(4), StandardCharsets.UTF_8).replace("acme-sg", "acme-us")
                .getBytes(StandardCharsets.UTF_8));
        restoreWithLines(lines, per);
        assertFault(Kind.MODIFIED, 4);
        assertTrue(verify().fault().location().matches("0000000000000000000[0-9]\\.jsonl:[0-9]+"),
                verify().fault().location());
    }

    @Test
    void namesAChangedLastRecord() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        lines.set(9, new String(lines.get(9), StandardCharsets.UTF_8).replace("acme-sg", "acme-us")
                .getBytes(StandardCharsets.UTF_8));
        restoreWithLines(lines, per);
        assertFault(Kind.MODIFIED, 9);
    }

    @Test
    void namesADeletedRecord() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        lines.remove(5);
        restoreWithLines(lines, per);
        assertFault(Kind.DELETED, 5);
    }

    @Test
    void namesADeletedSegment() throws Exception {
        LogDirs.restore(pristine, dir);
        Files.delete(dir.resolve(LogDirs.segments(pristine).get(1)));
        AuditVerification v = verify();
        assertEquals(Kind.DELETED, v.fault().kind(), v.fault().toString());
    }

    @Test
    void namesADuplicatedRecord() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        lines.add(3, lines.get(2));
        restoreWithLines(lines, per);
        assertFault(Kind.INSERTED, 3);
    }

    @Test
    void namesAnInsertedLine() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        lines.add(6, "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8));
        restoreWithLines(lines, per);
        assertFault(Kind.INSERTED, 6);
    }

    @Test
    void namesSwappedRecords() {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        Collections.swap(lines, 7, 8);
        restoreWithLines(lines, per);
        assertFault(Kind.REORDERED, 7);
        lines = lines(per);
        Collections.swap(lines, 1, 8);
        restoreWithLines(lines, per);
        assertFault(Kind.REORDERED, 1);
    }

    @Test
    void namesATruncation() throws Exception {
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        restoreWithLines(lines.subList(0, 8), per);
        assertFault(Kind.TRUNCATED, 8);

        LogDirs.restore(pristine, dir);
        String last = LogDirs.segments(pristine).get(LogDirs.segments(pristine).size() - 1);
        byte[] b = pristine.get(last);
        Files.write(dir.resolve(last), java.util.Arrays.copyOf(b, b.length - 10));
        assertFault(Kind.TRUNCATED, 9);
    }

    @Test
    void warnsAboutATornLineAndAnUnsignedTailAfterTheLastCheckpoint() throws Exception {
        Path log = dir.resolve("log");
        Transfer t = AuditFixtures.allowed(1);
        try (AuditLog l = AuditFixtures.builder(log).checkpointEvery(1000, Duration.ofHours(1)).open()) {
            l.append(t, AuditFixtures.decide(t));
            l.checkpoint();
            l.append(t, AuditFixtures.decide(t));
            Map<String, byte[]> crashed = LogDirs.snapshot(log);
            LogDirs.restore(crashed, dir.resolve("copy"));
        }
        Path copy = dir.resolve("copy");
        Files.writeString(copy.resolve("00000000000000000000.jsonl"), "{\"origin\":", StandardOpenOption.APPEND);
        AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(copy);
        assertNull(v.fault());
        assertEquals(2, v.records());
        assertEquals(1, v.signedRecords());
        assertEquals(2, v.warnings().size(), v.warnings().toString());
        assertTrue(v.warnings().get(0).startsWith("torn last line"), v.warnings().toString());
        assertTrue(v.warnings().get(1).startsWith("unsigned tail: 1 record"), v.warnings().toString());
    }

    @Test
    void namesABadSignatureAndAnUnknownKey() throws Exception {
        LogDirs.restore(pristine, dir);
        String note = Files.readString(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint"), note.replaceFirst("\n10\n", "\n11\n"));
        AuditVerification v = verify();
        assertEquals(Kind.BAD_SIGNATURE, v.fault().kind(), v.fault().toString());
        assertEquals("checkpoint", v.fault().location());

        LogDirs.restore(pristine, dir);
        AuditVerification other = AuditVerifier.builder().trust(SigningKey.generate("test-key").verifierKey()).build()
                .verify(dir);
        assertEquals(Kind.UNKNOWN_KEY, other.fault().kind(), other.fault().toString());
    }

    @Test
    void namesACheckpointInconsistentWithTheLaterOnes() throws Exception {
        LogDirs.restore(pristine, dir);
        Checkpoint forged = new Checkpoint(AuditFixtures.ORIGIN, 6, new byte[32]);
        Files.writeString(dir.resolve("checkpoints/00000000000000000006"), forged.sign(AuditFixtures.key()));
        AuditVerification v = verify();
        assertEquals(Kind.INCONSISTENT_CHECKPOINTS, v.fault().kind(), v.fault().toString());
        assertEquals("checkpoints/00000000000000000006", v.fault().location());
    }

    @Test
    void namesTwoCheckpointsOfOneSizeAFork() throws Exception {
        LogDirs.restore(pristine, dir);
        Checkpoint forged = new Checkpoint(AuditFixtures.ORIGIN, 10, new byte[32]);
        Files.writeString(dir.resolve("checkpoint"), forged.sign(AuditFixtures.key()));
        assertEquals(Kind.FORK, verify().fault().kind());
    }

    @Test
    void checksATrustedCheckpoint() throws Exception {
        LogDirs.restore(pristine, dir);
        String trusted = new String(pristine.get("checkpoints/00000000000000000006"), StandardCharsets.UTF_8);
        AuditVerifier verifier = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey())
                .trustedCheckpoint(trusted).build();
        assertNull(verifier.verify(dir).fault());

        // The same key rewrote history: a new log with other records, signed again.
        Path rewritten = dir.resolve("rewritten");
        Transfer t = AuditFixtures.allowed(99);
        try (AuditLog l = AuditFixtures.builder(rewritten).open()) {
            for (int i = 0; i < 10; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }
        AuditVerification v = verifier.verify(rewritten);
        assertEquals(Kind.FORK, v.fault().kind(), v.fault().toString());

        // A log rolled back to before the trusted checkpoint.
        Path short3 = dir.resolve("short");
        LogDirs.restore(pristine, short3);
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = lines(per);
        Map<String, byte[]> files = new java.util.TreeMap<>(pristine);
        LogDirs.writeLines(files, lines.subList(0, 4), per);
        files.put("checkpoint", pristine.get("checkpoints/00000000000000000003"));
        files.keySet().removeIf(k -> k.startsWith("checkpoints/") && !k.endsWith("00003") && !k.endsWith("00000"));
        Path rolledBack = dir.resolve("rolled-back");
        LogDirs.restore(files, rolledBack);
        AuditVerification r = verifier.verify(rolledBack);
        assertEquals(Kind.TRUNCATED, r.fault().kind(), r.fault().toString());
        assertEquals(4, r.fault().seq());
    }

    @Test
    void aCheckpointSignedForAnotherLogIsNamedAsOfTheWrongOrigin() throws Exception {
        // The same key signs a second log: its checkpoint of size 6, planted in place of this log's, verifies as a
        // signature but speaks for another log.
        Path other = shared.resolve("other-" + System.nanoTime());
        Transfer t = AuditFixtures.allowed(10);
        try (AuditLog l = AuditFixtures.builder(other).origin("other.example/audit")
                .checkpointEvery(3, Duration.ofHours(1)).open()) {
            for (int i = 0; i < 10; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }
        Map<String, byte[]> files = new java.util.TreeMap<>(pristine);
        files.put("checkpoints/00000000000000000006", LogDirs.snapshot(other).get("checkpoints/00000000000000000006"));
        LogDirs.restore(files, dir);
        AuditVerification v = verify();
        assertEquals(Kind.WRONG_ORIGIN, v.fault().kind(), v.fault().toString());
        assertTrue(v.fault().message().contains("other.example/audit"), v.fault().message());
        assertTrue(v.fault().location().contains("00000000000000000006"), v.fault().toString());

        // The log as written, verified as another log's.
        LogDirs.restore(pristine, dir);
        AuditVerification asOther = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey())
                .origin("other.example/audit").build().verify(dir);
        assertEquals(Kind.WRONG_ORIGIN, asOther.fault().kind(), asOther.fault().toString());
    }

    @Test
    void verifiesARotationWithEitherKey() {
        SigningKey next = SigningKey.generate("next-key");
        Transfer t = AuditFixtures.allowed(1);
        try (AuditLog l = AuditFixtures.builder(dir).signingKey(next).open()) {
            l.append(t, AuditFixtures.decide(t));
        }
        assertNull(AuditVerifier.builder().trust(next.verifierKey()).build().verify(dir).fault());
        AuditVerification v = verify();
        assertNull(v.fault());
        assertEquals(1, v.signers().size());
    }

    @Test
    void aDirectoryThatIsNoLogIsBadInput() throws Exception {
        AuditVerifier verifier = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build();
        assertThrows(AuditException.class, () -> verifier.verify(dir.resolve("missing")));
        AuditException empty = assertThrows(AuditException.class, () -> verifier.verify(dir));
        assertTrue(empty.getMessage().contains("is not an audit log"), empty.getMessage());
        Files.writeString(dir.resolve("00000000000000000000.jsonl"), "{}\n");
        assertEquals(Kind.MISSING_CHECKPOINT, verifier.verify(dir).fault().kind());
    }
}
