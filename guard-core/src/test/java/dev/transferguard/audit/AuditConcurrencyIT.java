package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.read.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 8 threads append 100,000 records each to one log in SYNC mode: every append returns a distinct sequence
 * number, every record is in the log exactly once at that number, and the log verifies.
 *
 * <p>The log lives on a RAM file system where there is one: this test is about ordering, loss and
 * duplication under contention, not about the disk's fsync latency (the benchmarks measure that).
 */
class AuditConcurrencyIT {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 100_000;

    private final Path dir = FastTemp.directory("audit-concurrency");

    @AfterEach
    void removeFiles() throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void eightThreadsAppendWithoutLossOrDuplicate() throws Exception {
        Transfer transfer = Transfer.builder().origin("DE").destination("FR").categories("non-personal")
                .subjects(Subjects.NONE).build();
        Decision decision = AuditFixtures.decide(transfer);
        long[][] seqs = new long[THREADS][PER_THREAD];
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        long began;
        try (AuditLog log = AuditFixtures.builder(dir).segmentSize(32L << 20).open()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            seqs[thread][i] = log.append(transfer, decision, new Caller("t" + thread, "n" + i));
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "appender-" + t));
            }
            threads.forEach(Thread::start);
            began = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), failures);
            assertEquals((long) THREADS * PER_THREAD, log.size());
        }
        System.out.printf("AuditConcurrencyIT: %d SYNC appends from %d threads in %d ms%n", THREADS * PER_THREAD,
                THREADS, (System.nanoTime() - began) / 1_000_000);

        // Each append's seq names the line that holds exactly that thread's record, and no line is there twice.
        long total = (long) THREADS * PER_THREAD;
        int[] owner = new int[(int) total];
        java.util.Arrays.fill(owner, -1);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                long s = seqs[t][i];
                assertTrue(s >= 0 && s < total, "seq " + s);
                assertEquals(-1, owner[(int) s], "seq " + s + " returned twice");
                owner[(int) s] = t * PER_THREAD + i;
            }
        }
        byte[] head = RecordHead.headPrefix(AuditFixtures.ORIGIN);
        byte[] prev = new byte[RecordFormat.HASH];
        long index = 0;
        try (LogReader lines = LogReader.open(dir)) {
            while (lines.next()) {
                long seq = RecordHead.parseHead(lines.buffer(), lines.offset(), lines.length(), head, prev);
                assertEquals(index, seq, "seq = leaf index");
                String line = new String(lines.buffer(), lines.offset(), lines.length(), StandardCharsets.UTF_8);
                int who = owner[(int) seq];
                String caller = "\"caller\":{\"service\":\"t" + who / PER_THREAD + "\",\"method\":\"n" + who % PER_THREAD
                        + "\"}}";
                assertTrue(line.endsWith(caller), "record " + seq + " is not the one its append returned");
                index++;
            }
        }
        assertEquals(total, index);

        long verifyStart = System.nanoTime();
        AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(dir);
        System.out.printf("AuditConcurrencyIT: verified %d records in %d ms%n", v.records(),
                (System.nanoTime() - verifyStart) / 1_000_000);
        assertNull(v.fault());
        assertEquals(total, v.records());
        assertEquals(total, v.signedRecords());
        assertEquals(List.of(), v.warnings());
    }
}
