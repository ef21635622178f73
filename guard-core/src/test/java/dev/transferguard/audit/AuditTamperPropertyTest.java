package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditFault.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For random small logs (2 to 12 records, checkpoints every 1 to 5 records, one or several segments),
 * every kind of tampering inside the signed range is detected and named with its kind and record.
 * Each log is written once by the real writer and tampered with in fresh copies.
 */
class AuditTamperPropertyTest {

    private static final Map<List<Integer>, Map<String, byte[]>> LOGS = new ConcurrentHashMap<>();
    private static final Path ROOT;

    static {
        ROOT = FastTemp.directory("audit-tamper");
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        delete(ROOT);
    }

    /** A log of {@code n} records; {@code segments} 0: one segment, 1: one record per segment, 2: a few. */
    static Map<String, byte[]> log(int n, int every, int segments) {
        return LOGS.computeIfAbsent(List.of(n, every, segments), k -> {
            Path dir = ROOT.resolve("pristine-" + n + "-" + every + "-" + segments);
            long segmentSize = segments == 0 ? 1L << 30 : segments == 1 ? 1 : 2000;
            try (AuditLog log = AuditFixtures.builder(dir).durability(AuditLog.Durability.ASYNC)
                    .checkpointEvery(every, Duration.ofHours(1)).segmentSize(segmentSize).open()) {
                for (int i = 0; i < n; i++) {
                    // Records differ from each other, and some hold non-ASCII text.
                    Transfer t = AuditFixtures.cnToSg(i + 1).bases("separate-consent")
                            .recipient(new Recipient(i % 2 == 0 ? "acme-sg" : "\u963f\u514b\u7c73", "commercial", "SG",
                                    false))
                            .subjects(Subjects.of(i + 1, "CN")).build();
                    log.append(t, AuditFixtures.decide(t));
                    if ((i + 1) % every == 0) {
                        log.flush();
                    }
                }
            }
            return LogDirs.snapshot(dir);
        });
    }

    @Provide
    Arbitrary<Integer> segmentModes() {
        return Arbitraries.of(0, 1, 2);
    }

    @Example
    void everyByteOfASmallLogIsProtected() {
        Map<String, byte[]> pristine = log(2, 2, 0);
        int size = new Concatenation(new TreeMap<>(pristine)).size();
        java.util.Random random = new java.util.Random(42);
        for (int pos = 0; pos < size; pos++) {
            Map<String, byte[]> files = new TreeMap<>(pristine);
            Concatenation all = new Concatenation(files);
            all.set(pos, (byte) (all.get(pos) ^ (1 + random.nextInt(255))));
            AuditFault fault = verify(files);
            assertNotNull(fault, "changed byte " + pos + " went unnoticed");
            assertEquals(Kind.MODIFIED, fault.kind(), "byte " + pos + ": " + fault);
            assertEquals(all.lineOf(pos), fault.seq(), "byte " + pos + ": " + fault);
        }
    }

    @Property(tries = 400)
    void everySingleByteChangeIsNamedAsAModification(@ForAll @IntRange(min = 2, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 5) int every, @ForAll("segmentModes") int segments,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where, @ForAll byte delta) {
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        Concatenation all = new Concatenation(files);
        int pos = where % all.size();
        byte old = all.get(pos);
        byte value = (byte) (old + (delta == 0 ? 1 : delta));
        all.set(pos, value);
        AuditFault fault = verify(files);
        assertNotNull(fault, "changed byte " + pos + " went unnoticed");
        assertEquals(Kind.MODIFIED, fault.kind(), fault.toString());
        assertEquals(all.lineOf(pos), fault.seq(), fault.toString());
    }

    @Property(tries = 150)
    void theWriterRefusesToReopenALogWithAnyChangeAndLeavesItsBytesAsTheyWere(
            @ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
            @ForAll byte delta, @ForAll @IntRange(min = 0, max = 2) int how) {
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        if (how == 0) {
            Concatenation all = new Concatenation(files);
            int pos = where % all.size();
            all.set(pos, (byte) (all.get(pos) + (delta == 0 ? 1 : delta)));
        } else {
            // A line deleted, or the line before it repeated in its place.
            List<Integer> per = new ArrayList<>();
            List<byte[]> lines = LogDirs.lines(files, per);
            int i = where % n;
            if (how == 1) {
                lines.remove(i);
            } else {
                lines.set(i, lines.get(i == 0 ? 1 : i - 1));
            }
            LogDirs.writeLines(files, lines, per);
        }
        Path dir = restored(files);
        try {
            Map<String, byte[]> before = LogDirs.snapshot(dir);
            assertThrows(AuditException.class, () -> AuditFixtures.builder(dir).open().close());
            Map<String, byte[]> after = LogDirs.snapshot(dir);
            assertEquals(before.keySet(), after.keySet(), "no file added or removed");
            before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " rewritten"));
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 100)
    void aDeletedLineIsNamed(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments, @ForAll @IntRange(min = 0, max = 11) int which) {
        int i = which % n;
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = LogDirs.lines(files, per);
        lines.remove(i);
        LogDirs.writeLines(files, lines, per);
        AuditFault fault = verify(files);
        assertNotNull(fault);
        // Without the last line, the log just ends early: that is a truncation.
        assertEquals(i == n - 1 ? Kind.TRUNCATED : Kind.DELETED, fault.kind(), fault.toString());
        assertEquals(i, fault.seq(), fault.toString());
    }

    @Property(tries = 100)
    void anInsertedLineIsNamed(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments, @ForAll @IntRange(min = 0, max = 11) int which,
            @ForAll("junk") String junk) {
        int i = which % n;
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = LogDirs.lines(files, per);
        lines.add(i, junk.getBytes(StandardCharsets.UTF_8));
        LogDirs.writeLines(files, lines, per);
        AuditFault fault = verify(files);
        assertNotNull(fault);
        assertEquals(Kind.INSERTED, fault.kind(), fault.toString());
        assertEquals(i, fault.seq(), fault.toString());
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.just("{}"),
                Arbitraries.just("{\"origin\":\"" + AuditFixtures.ORIGIN + "\",\"seq\":\"x\"}"));
    }

    @Property(tries = 100)
    void aDuplicatedLineIsNamed(@ForAll @IntRange(min = 2, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 5) int every, @ForAll("segmentModes") int segments,
            @ForAll @IntRange(min = 0, max = 11) int from, @ForAll @IntRange(min = 0, max = 11) int to) {
        int j = from % n;
        int i = to % n;
        if (i == j && j == n - 1) {
            // That copy would follow the last signed record: an unsigned tail, not an insertion.
            i = 0;
        }
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = LogDirs.lines(files, per);
        lines.add(i, lines.get(j));
        LogDirs.writeLines(files, lines, per);
        AuditFault fault = verify(files);
        assertNotNull(fault);
        assertEquals(Kind.INSERTED, fault.kind(), fault.toString());
        // A copy put right before its original cannot be told from it: the second of the two is the extra one.
        assertEquals(i == j ? i + 1 : i, fault.seq(), fault.toString());
    }

    @Property(tries = 100)
    void swappedLinesAreNamed(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments, @ForAll @IntRange(min = 0, max = 11) int a,
            @ForAll @IntRange(min = 0, max = 11) int b) {
        int i = Math.min(a % n, b % n);
        int j = Math.max(a % n, b % n);
        if (i == j) {
            j = i == n - 1 ? i - 1 : i + 1;
            int t = Math.min(i, j);
            j = Math.max(i, j);
            i = t;
        }
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        List<Integer> per = new ArrayList<>();
        List<byte[]> lines = LogDirs.lines(files, per);
        Collections.swap(lines, i, j);
        LogDirs.writeLines(files, lines, per);
        AuditFault fault = verify(files);
        assertNotNull(fault);
        assertEquals(Kind.REORDERED, fault.kind(), fault.toString());
        assertEquals(i, fault.seq(), fault.toString());
    }

    @Property(tries = 100)
    void aTruncationIsNamed(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where) {
        Map<String, byte[]> files = new TreeMap<>(log(n, every, segments));
        Concatenation all = new Concatenation(files);
        int pos = where % all.size();
        long line = all.lineOf(pos);
        all.truncate(pos);
        AuditFault fault = verify(files);
        assertNotNull(fault);
        assertEquals(Kind.TRUNCATED, fault.kind(), fault.toString());
        assertEquals(line, fault.seq(), fault.toString());
    }

    @Property(tries = 100)
    void aChangedCheckpointIsNamed(@ForAll @IntRange(min = 2, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 5) int every, @ForAll @IntRange(min = 0, max = 100) int which,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where, @ForAll byte delta) {
        Map<String, byte[]> files = new TreeMap<>(log(n, every, 0));
        List<String> notes = files.keySet().stream().filter(k -> k.startsWith("checkpoint")).toList();
        String name = notes.get(which % notes.size());
        byte[] note = files.get(name).clone();
        int pos = where % note.length;
        note[pos] = (byte) (note[pos] + (delta == 0 ? 1 : delta));
        files.put(name, note);
        AuditFault fault = verify(files);
        assertNotNull(fault, "a changed checkpoint went unnoticed");
        assertTrue(Set.of(Kind.BAD_SIGNATURE, Kind.MALFORMED_CHECKPOINT, Kind.UNKNOWN_KEY).contains(fault.kind()),
                fault.toString());
        assertEquals(name, fault.location());
    }

    @Property(tries = 20)
    void anUntouchedLogVerifies(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 1, max = 5) int every,
            @ForAll("segmentModes") int segments) {
        assertNull(verify(new TreeMap<>(log(n, every, segments))));
    }

    /** The files written into a new directory. */
    private static Path restored(Map<String, byte[]> files) {
        Path dir;
        try {
            dir = Files.createTempDirectory(ROOT, "try");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LogDirs.restore(files, dir);
        return dir;
    }

    private static AuditFault verify(Map<String, byte[]> files) {
        Path dir = restored(files);
        try {
            return AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(dir).fault();
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segments' bytes seen as one array, as the verifier reads them. */
    private static final class Concatenation {
        private final Map<String, byte[]> files;
        private final List<String> names;
        private final int[] starts;
        private final int size;

        Concatenation(Map<String, byte[]> files) {
            this.files = files;
            this.names = LogDirs.segments(files);
            this.starts = new int[names.size()];
            int at = 0;
            for (int i = 0; i < names.size(); i++) {
                starts[i] = at;
                files.put(names.get(i), files.get(names.get(i)).clone());
                at += files.get(names.get(i)).length;
            }
            this.size = at;
        }

        int size() {
            return size;
        }

        private int file(int pos) {
            int f = 0;
            for (int i = 0; i < starts.length; i++) {
                if (starts[i] <= pos && files.get(names.get(i)).length > 0) {
                    f = i;
                }
            }
            return f;
        }

        byte get(int pos) {
            int f = file(pos);
            return files.get(names.get(f))[pos - starts[f]];
        }

        void set(int pos, byte value) {
            int f = file(pos);
            files.get(names.get(f))[pos - starts[f]] = value;
        }

        /** The index of the line the byte belongs to (a newline belongs to the line it ends). */
        long lineOf(int pos) {
            long line = 0;
            for (int i = 0; i < pos; i++) {
                if (get(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        /** Cuts everything from {@code pos} on. */
        void truncate(int pos) {
            int f = file(pos);
            files.put(names.get(f), Arrays.copyOf(files.get(names.get(f)), pos - starts[f]));
            for (int i = f + 1; i < names.size(); i++) {
                files.remove(names.get(i));
            }
        }
    }
}
