package dev.transferguard.audit.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier reads a log in chunks on several threads and hashes groups of leaves as subtrees. A small
 * log fits one chunk, so here the chunks are made tiny (down to less than one line) and the outcome on
 * intact and tampered logs must be exactly the one of a single chunk on a single thread.
 */
class ChunkedVerifyTest {

    private static final List<VerifierKey> KEYS = List.of(AuditFixtures.key().verifierKey());
    private static final int[] CHUNK_BYTES = {40, 333, 1500, 9000, 70_000};
    private static final int[] THREADS = {1, 2, 3};

    @TempDir
    Path dir;

    /** A log of {@code n} records over segments of about {@code segmentBytes}, checkpoints every {@code every}. */
    private Path write(String name, int n, int every, long segmentBytes) {
        Path log = dir.resolve(name);
        try (AuditLog audit = AuditFixtures.builder(log).durability(AuditLog.Durability.ASYNC)
                .checkpointEvery(every, Duration.ofHours(1)).segmentSize(segmentBytes).open()) {
            for (int i = 0; i < n; i++) {
                Transfer t = AuditFixtures.cnToSg(i % 7 + 1).build();
                audit.append(t, AuditFixtures.decide(t));
                if ((i + 1) % every == 0) {
                    audit.flush();
                }
            }
        }
        return log;
    }

    private static AuditVerification verify(Path log, int chunkBytes, int threads) {
        return LogVerifier.verify(log, KEYS, null, null, chunkBytes, threads);
    }

    /** Everything the outcome says, as text: the checkpoint has no equals of its own. */
    private static String describe(AuditVerification v) {
        return v.origin() + " records=" + v.records() + " signed=" + v.signedRecords() + " signers=" + v.signers()
                + " root=" + (v.latestCheckpoint() == null ? "-" : Arrays.toString(v.latestCheckpoint().rootHash()))
                + " fault=" + v.fault() + " warnings=" + v.warnings();
    }

    private static void assertSameEverywhere(Path log, String what) {
        String reference = describe(verify(log, RecordScan.DEFAULT_CHUNK_BYTES, 1));
        for (int chunk : CHUNK_BYTES) {
            for (int threads : THREADS) {
                assertEquals(reference, describe(verify(log, chunk, threads)),
                        what + ", chunks of " + chunk + " bytes on " + threads + " threads");
            }
        }
    }

    @Test
    void intactLogsVerifyInAnyChunkSize() {
        // 300 records: groups of 64 leaves that are taken whole, and others that a checkpoint falls into.
        for (int every : new int[] {1, 7, 64, 100, 1000}) {
            Path log = write("intact-" + every, 300, every, 20_000);
            AuditVerification v = verify(log, 40, 3);
            assertTrue(v.intact(), every + ": " + v.fault());
            assertEquals(300, v.records());
            assertSameEverywhere(log, "intact, checkpoint every " + every);
        }
    }

    @Test
    void tamperedLogsGiveTheSameFaultInAnyChunkSize() throws IOException {
        Path pristine = write("pristine", 200, 30, 50_000);
        List<Path> segments = LogFiles.segments(pristine);
        assertTrue(segments.size() > 1, "the log should span several segments");
        Random random = new Random(6962);
        for (int round = 0; round < 60; round++) {
            Path copy = dir.resolve("tampered-" + round);
            copyDir(pristine, copy);
            List<Path> files = LogFiles.segments(copy);
            Path file = files.get(random.nextInt(files.size()));
            byte[] bytes = Files.readAllBytes(file);
            List<byte[]> lines = splitLines(bytes);
            String what;
            switch (round % 6) {
                case 0 -> {
                    int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                    Files.write(file, bytes);
                    what = "byte " + at + " of " + file.getFileName() + " changed";
                }
                case 1 -> {
                    int at = random.nextInt(lines.size());
                    lines.remove(at);
                    Files.write(file, join(lines, true));
                    what = "line " + at + " of " + file.getFileName() + " deleted";
                }
                case 2 -> {
                    int at = random.nextInt(lines.size());
                    lines.add(at, "{\"not\":\"a record\"}".getBytes());
                    Files.write(file, join(lines, true));
                    what = "a line inserted at " + at + " of " + file.getFileName();
                }
                case 3 -> {
                    int at = random.nextInt(lines.size() - 1);
                    byte[] a = lines.get(at);
                    lines.set(at, lines.get(at + 1));
                    lines.set(at + 1, a);
                    Files.write(file, join(lines, true));
                    what = "lines " + at + " and " + (at + 1) + " of " + file.getFileName() + " swapped";
                }
                case 4 -> {
                    int cut = random.nextInt(bytes.length);
                    Files.write(file, Arrays.copyOf(bytes, cut));
                    what = file.getFileName() + " cut at " + cut;
                }
                default -> {
                    int at = random.nextInt(lines.size());
                    lines.add(at, lines.get(random.nextInt(lines.size())));
                    Files.write(file, join(lines, true));
                    what = "a line copied to " + at + " of " + file.getFileName();
                }
            }
            assertSameEverywhere(copy, what);
        }
    }

    @Test
    void aTornLastLineIsReportedTheSame() throws IOException {
        Path log = write("tail", 150, 100, 1 << 30);
        Path segment = LogFiles.segments(log).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        // Without its newline, the last record is torn; the checkpoint written on closing signs it.
        Files.write(segment, Arrays.copyOf(bytes, bytes.length - 1));
        AuditVerification v = verify(log, 40, 2);
        assertEquals(149, v.fault().seq(), String.valueOf(v.fault()));
        assertSameEverywhere(log, "torn last line");
    }

    @Test
    void manyShortLinesAreReadInChunksOfBoundedLineCountWithTheSameResult() throws IOException {
        Path log = write("short-lines", 100, 50, 1 << 30);
        Path segment = LogFiles.segments(log).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        byte[] grown = Arrays.copyOf(bytes, bytes.length + 20_000);
        // Empty lines after the signed records: far more lines per chunk than records ever make.
        Arrays.fill(grown, bytes.length, grown.length, (byte) '\n');
        Files.write(segment, grown);
        AuditVerification v = verify(log, RecordScan.DEFAULT_CHUNK_BYTES, 2);
        assertEquals(20_100, v.records());
        assertEquals(100, v.signedRecords());
        assertSameEverywhere(log, "20,000 empty lines after the signed records");
    }

    private static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                out.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return out;
    }

    private static byte[] join(List<byte[]> lines, boolean newlineAtEnd) {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length + 1;
        }
        byte[] out = new byte[newlineAtEnd ? size : size - 1];
        int at = 0;
        for (int i = 0; i < lines.size(); i++) {
            byte[] l = lines.get(i);
            System.arraycopy(l, 0, out, at, l.length);
            at += l.length;
            if (at < out.length) {
                out[at++] = '\n';
            }
        }
        return out;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
