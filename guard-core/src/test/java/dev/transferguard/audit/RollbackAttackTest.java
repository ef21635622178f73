package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.TailBound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of an insider who can write the log directory but not read the signing key: each is built
 * with real files, the way the attacker would (records edited, {@code seq} and {@code prev} recomputed, which
 * needs no key), and the writer must refuse to open the log rather than sign over it, while the verifier
 * names the fault.
 */
class RollbackAttackTest {

    /** Checkpoints every 10 records and a queue of 4: the writer never leaves more than 29 unsigned. */
    private static final int EVERY = 10;
    private static final int QUEUE = 4;
    private static final Pattern HEAD = Pattern.compile("\"seq\":\\d+,\"prev\":\"[0-9a-f]{64}\"");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");

    @TempDir
    Path dir;

    static AuditLog.Builder builder(Path log) {
        return AuditFixtures.builder(log).durability(AuditLog.Durability.ASYNC)
                .checkpointEvery(EVERY, Duration.ofHours(1)).queueCapacity(QUEUE);
    }

    /** A closed log of {@code n} records, signed every {@value #EVERY}. */
    static Path writeLog(Path log, int n) {
        try (AuditLog l = builder(log).open()) {
            for (int i = 0; i < n; i++) {
                Transfer t = AuditFixtures.cnToSg(i + 1).build();
                l.append(t, AuditFixtures.decide(t));
                if ((i + 1) % EVERY == 0) {
                    l.flush();
                    l.checkpoint();
                }
            }
        }
        return log;
    }

    static AuditVerification verify(Path log) {
        return AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(log);
    }

    /** What the attacker does without a key: renumber the lines and relink each to the one before. */
    static void relink(Path log, List<String> lines) throws IOException {
        List<Path> segments = LogFiles.segments(log);
        for (Path s : segments.subList(1, segments.size())) {
            Files.delete(s);
        }
        StringBuilder out = new StringBuilder();
        byte[] prev = new byte[32];
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEAD.matcher(lines.get(i));
            String line = m.replaceFirst("\"seq\":" + i + ",\"prev\":\"" + HexFormat.of().formatHex(prev) + "\"");
            prev = leafHash(line);
            out.append(line).append('\n');
        }
        Files.writeString(segments.get(0), out, StandardCharsets.UTF_8);
    }

    static byte[] leafHash(String line) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((byte) 0);
            return d.digest(line.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Keeps only the genesis checkpoint, and makes it the latest. */
    static void rollBackToGenesis(Path log) throws IOException {
        Path kept = log.resolve(LogFiles.CHECKPOINTS);
        try (Stream<Path> files = Files.list(kept)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals(LogFiles.keptName(0))) {
                    Files.delete(p);
                }
            }
        }
        Files.copy(kept.resolve(LogFiles.keptName(0)), log.resolve(LogFiles.CHECKPOINT),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static AuditException refused(Path log) {
        return assertThrows(AuditException.class, () -> builder(log).open().close());
    }

    @Test
    void rollbackToGenesisWithARecordDeletedIsRefusedAndFailsVerification() throws IOException {
        Path log = writeLog(dir.resolve("log"), 100);
        rollBackToGenesis(log);
        List<String> lines = new ArrayList<>(AuditFixtures.lines(log));
        lines.remove(50);
        relink(log, lines);
        byte[] before = AuditFixtures.allBytes(log);

        AuditException e = refused(log);
        assertTrue(e.getMessage().contains("unsigned tail holds 99 lines, more than the 29"), e.getMessage());
        assertArrayEquals(before, AuditFixtures.allBytes(log), "nothing was signed, cut or rewritten");
        AuditVerification v = verify(log);
        assertEquals(AuditFault.Kind.UNSIGNED_TAIL, v.fault().kind(), v.toString());
        assertEquals(0, v.fault().seq(), "the first record no checkpoint covers");
    }

    @Test
    void aTailBoundLoosenedWithoutTheKeyOrTakenFromAnotherLogIsRefused() throws IOException {
        Path log = writeLog(dir.resolve("log"), 100);
        rollBackToGenesis(log);
        Path bound = log.resolve(TailBound.FILE);
        // The bound's numbers raised past the tail, the signature left as it was.
        String note = Files.readString(bound, StandardCharsets.UTF_8);
        String[] lines = note.split("\n", -1);
        lines[2] = "1000000";
        Files.writeString(bound, String.join("\n", lines), StandardCharsets.UTF_8);
        byte[] before = AuditFixtures.allBytes(log);
        refused(log);
        assertArrayEquals(before, AuditFixtures.allBytes(log), "nothing was signed, cut or rewritten");
        AuditVerification loosened = verify(log);
        assertEquals(AuditFault.Kind.BAD_SIGNATURE, loosened.fault().kind(), loosened.toString());

        // The bound another log of the same key states, for its own origin.
        Path other = writeLog(dir.resolve("other"), 1);
        String otherNote = Files.readString(other.resolve(TailBound.FILE), StandardCharsets.UTF_8);
        Files.writeString(bound, otherNote.replace(AuditFixtures.ORIGIN, "other.example/audit"),
                StandardCharsets.UTF_8);
        assertNotNull(verify(log).fault(), "a bound whose text was changed is refused whatever it says");
        try (AuditLog l = builder(dir.resolve("elsewhere")).origin("other.example/audit").open()) {
            Transfer t = AuditFixtures.cnToSg(1).build();
            l.append(t, AuditFixtures.decide(t));
        }
        Files.copy(dir.resolve("elsewhere").resolve(TailBound.FILE), bound,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AuditVerification foreign = verify(log);
        assertEquals(AuditFault.Kind.MALFORMED_CHECKPOINT, foreign.fault().kind(), foreign.toString());
        assertTrue(foreign.fault().message().contains("the tail bound is for the log 'other.example/audit', not '"
                + AuditFixtures.ORIGIN + "'"), foreign.fault().message());
        refused(log);
    }

    @Test
    void rollbackToGenesisOfAShortLogWrittenOverDaysIsRefusedAndFailsVerification() throws IOException {
        Path log = writeLog(dir.resolve("log"), 20);
        rollBackToGenesis(log);
        // A log written over twenty days: each record a day after the one before.
        List<String> lines = new ArrayList<>();
        Instant day = Instant.parse("2026-03-01T09:00:00Z");
        for (String line : AuditFixtures.lines(log)) {
            String time = day.toString().replace("Z", ".000000Z");
            lines.add(TIME.matcher(line).replaceFirst("\"time\":\"" + time + "\""));
            day = day.plus(Duration.ofDays(1));
        }
        lines.remove(7);
        relink(log, lines);

        AuditException e = refused(log);
        assertTrue(e.getMessage().contains("were written over 1641600 s"), e.getMessage());
        AuditVerification v = verify(log);
        assertEquals(AuditFault.Kind.UNSIGNED_TAIL, v.fault().kind(), v.toString());
        assertEquals(0, v.fault().seq());
    }

    @Test
    void rollbackToGenesisThatWouldHaveRecoveryCutTheSignedRecordsIsRefused() throws IOException {
        Path log = writeLog(dir.resolve("log"), 100);
        rollBackToGenesis(log);
        Path segment = LogFiles.segments(log).get(0);
        // One byte before the first record: every signed record after it is "not a record" or out of sequence.
        Files.writeString(segment, "x" + Files.readString(segment));
        long size = Files.size(segment);

        AuditException e = refused(log);
        assertTrue(e.getMessage().contains("unsigned tail holds 100 lines"), e.getMessage());
        assertEquals(size, Files.size(segment), "no signed record was cut");
        assertEquals(AuditFault.Kind.UNSIGNED_TAIL, verify(log).fault().kind());
    }

    @Test
    void anOldCheckpointPlantedUnderANameThatSortsLastIsRefusedAndTheGenuineOneKept() throws IOException {
        Path log = writeLog(dir.resolve("log"), 100);
        Path kept = log.resolve(LogFiles.CHECKPOINTS);
        byte[] genuine = Files.readAllBytes(kept.resolve(LogFiles.keptName(100)));
        Files.delete(log.resolve(LogFiles.CHECKPOINT));
        Files.copy(kept.resolve(LogFiles.keptName(60)), kept.resolve("99999999999999999999"));
        List<String> lines = new ArrayList<>(AuditFixtures.lines(log));
        lines.set(75, lines.get(75).replaceFirst("\"count\":76", "\"count\":1"));
        relink(log, lines);

        AuditException e = refused(log);
        assertTrue(e.getMessage().contains("checkpoints/99999999999999999999 holds the checkpoint of size 60"),
                e.getMessage());
        assertArrayEquals(genuine, Files.readAllBytes(kept.resolve(LogFiles.keptName(100))),
                "the evidence is left as it was");
        AuditVerification v = verify(log);
        assertEquals(AuditFault.Kind.MALFORMED_CHECKPOINT, v.fault().kind(), v.toString());
        assertEquals("checkpoints/99999999999999999999", v.fault().location());

        // Without the planted file, recovery goes by the newest checkpoint inside the files, not by the names.
        Files.delete(kept.resolve("99999999999999999999"));
        e = refused(log);
        assertTrue(e.getMessage().contains("do not give the root of its checkpoint of size 80"), e.getMessage());
        assertArrayEquals(genuine, Files.readAllBytes(kept.resolve(LogFiles.keptName(100))));
    }

    @Test
    void anEditRelinkedToTheEndIsPlacedBetweenTheLastCheckpointThatMatchesAndTheFirstThatDoesNot()
            throws IOException {
        Path log = writeLog(dir.resolve("log"), 100);
        List<String> lines = new ArrayList<>(AuditFixtures.lines(log));
        lines.set(75, lines.get(75).replaceFirst("\"count\":76", "\"count\":1"));
        relink(log, lines);

        // Every record after the edit changed with it, so no record names the edit alone: the checkpoints
        // of sizes 70 (intact) and 80 (differs) bound it, and the fault starts at the first record they leave open.
        AuditVerification v = verify(log);
        assertEquals(AuditFault.Kind.MODIFIED, v.fault().kind(), v.toString());
        assertEquals(70, v.fault().seq());
        assertTrue(v.fault().message().startsWith("a record between seq 70 and 79 differs from the ones signed by"),
                v.fault().message());
        refused(log);
    }

    @Test
    void aTailWithinTheBoundIsSignedAsBefore() throws IOException {
        Path log = writeLog(dir.resolve("log"), 25);
        rollBackToGenesis(log);
        Files.delete(log.resolve(LogFiles.CHECKPOINTS).resolve(LogFiles.keptName(0)));
        Files.copy(log.resolve(LogFiles.CHECKPOINT), log.resolve(LogFiles.CHECKPOINTS)
                .resolve(LogFiles.keptName(0)));
        // 25 records written within seconds, after the genesis checkpoint: what a crash can leave.
        AuditVerification v = verify(log);
        assertTrue(v.intact(), String.valueOf(v.fault()));
        try (AuditLog reopened = builder(log).open()) {
            assertEquals(25, reopened.size());
        }
        assertTrue(verify(log).intact());
    }
}
