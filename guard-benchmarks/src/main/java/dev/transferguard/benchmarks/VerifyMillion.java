package dev.transferguard.benchmarks;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Seconds that {@code guard audit verify} takes on a log of 1,000,000 records, as a user runs it: the real
 * command in a child process, timed on the wall clock from its start to its exit, JVM start included.
 *
 * <pre>
 * java -cp benchmarks.jar dev.transferguard.benchmarks.VerifyMillion --guard REPO/guard --dir WORK --out OUT.json
 * </pre>
 *
 * <p>The log is written once into {@code WORK/log} with the public API, as an application would: the
 * decisions of the shipped packs on the benchmark's transfers, appended in {@code ASYNC} mode and signed
 * at the default checkpoint interval, with the key pair in {@code WORK} written as {@code guard keygen}
 * writes it. A later run reuses the log when its checkpoint verifies and signs exactly 1,000,000 records
 * and its files are the ones written. One untimed run of the command comes first, so that every timed
 * run reads the log from the page cache and none pays for the launcher building the command; the result
 * is the best of the timed runs, whose median is written too.
 */
public final class VerifyMillion {

    /** The number of records the log holds. */
    static final long RECORDS = 1_000_000;

    private static final String KEY_NAME = "bench-verify";
    private static final String ORIGIN = "bench.transferguard.dev/verify";
    /** Written after the log is complete: the total size of its record files, to recognise it on a rerun. */
    private static final String COMPLETE = "complete";

    private static final String USAGE = "VerifyMillion --guard CMD --dir WORK --out OUT.json [--runs N]";

    private VerifyMillion() {
    }

    /**
     * Writes the log if needed, times the command and writes
     * {@code {"verify_1m_s": ..., "verify_1m_median_s": ..., "verify_1m_log_mb": ...}}.
     *
     * @param args {@code --guard CMD} (the {@code guard} launcher), {@code --dir WORK}, {@code --out FILE},
     *             optionally {@code --runs N} (timed runs, 3 by default)
     * @throws Exception when the log cannot be written or the command does not verify it
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse("VerifyMillion", USAGE, args, List.of("--guard", "--dir", "--out", "--runs"),
                Map.of("--runs", "3"));
        Path guardCommand = o.path("--guard");
        Path work = o.path("--dir");
        Path out = o.path("--out");
        int runs = o.positive("--runs", "VerifyMillion");
        Path log = work.resolve("log");
        Path pub = work.resolve(KEY_NAME + ".pub");

        if (reusable(log, pub)) {
            System.err.println("VerifyMillion: reusing the log in " + log);
        } else {
            long start = System.nanoTime();
            write(work, log, pub);
            System.err.printf(Locale.ROOT, "VerifyMillion: wrote %,d records to %s in %.1f s%n", RECORDS, log,
                    (System.nanoTime() - start) / 1e9);
        }

        List<String> command = List.of(guardCommand.toString(), "audit", "verify", "--log", log.toString(), "--key",
                pub.toString());
        run(command);
        double[] seconds = new double[runs];
        TimedRun best = null;
        for (int i = 0; i < runs; i++) {
            TimedRun r = run(command);
            seconds[i] = r.seconds();
            System.err.println(r.describe("VerifyMillion", i + 1, runs));
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
            }
        }
        Arrays.sort(seconds);
        double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
        double mb = segmentBytes(log) / (1024.0 * 1024.0);
        double start = Double.MAX_VALUE;
        List<String> version = List.of(guardCommand.toString(), "--version");
        for (int i = 0; i < 3; i++) {
            start = Math.min(start, timed(version));
        }
        String json = String.format(Locale.ROOT,
                "{\"verify_1m_s\": %.3f, \"verify_1m_median_s\": %.3f, \"verify_1m_log_mb\": %.1f,"
                        + " \"verify_1m_hash_floor_s\": %.3f, \"cli_start_s\": %.3f, \"verify_1m_cpu_s\": %s,"
                        + " \"verify_1m_compile_cpu_s\": %s}%n",
                seconds[0], median, mb, hashFloor(log), start, TimedRun.json(best.cpuSeconds()),
                TimedRun.json(best.compilerSeconds()));
        Options.write(out, json);
        System.out.print(json);
    }

    /** About one record's bytes, the piece {@link #hashFloor} hashes at a time. */
    private static final int RECORD_BYTES = 1_400;

    /**
     * Runs the command once and checks that it verified the whole log.
     *
     * @return its wall-clock time in seconds, from starting the process to its exit, and its CPU time
     */
    private static TimedRun run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        long start = System.nanoTime();
        Process p = pb.start();
        ThreadCpu cpu = ThreadCpu.watch(p);
        // Both streams are drained while it runs, so that a full pipe can never hold it up.
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        int code = p.waitFor();
        long end = System.nanoTime();
        cpu.stop();
        String output = stdout.join();
        String errors = stderr.join();
        String expected = ": " + RECORDS + " records, " + RECORDS + " signed by ";
        if (code != 0 || !output.startsWith("OK: ") || !output.contains(expected)) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + code
                    + " and did not report " + RECORDS + " verified records:\n" + output + errors);
        }
        return new TimedRun((end - start) / 1e9, cpu.totalSeconds(), cpu.compilerSeconds());
    }

    static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The least time hashing the log's bytes can take here: SHA-256 (the JDK's, as the verifier uses) over every
     * segment in pieces of a record's size, one thread, warmed up (the second of two passes), divided by the
     * processors, as if the hashing spread over them perfectly; reading the files, the heads, the tree's
     * interior nodes and the JVM's start come on top.
     */
    private static double hashFloor(Path log) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(log)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[4 << 20];
        byte[] hash = new byte[32];
        long hashingNanos = 0;
        for (int pass = 0; pass < 2; pass++) {
            hashingNanos = 0;
            for (Path segment : segments) {
                try (InputStream in = Files.newInputStream(segment)) {
                    int n;
                    while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                        long t0 = System.nanoTime();
                        for (int off = 0; off < n; off += RECORD_BYTES) {
                            sha.update((byte) 0);
                            sha.update(buffer, off, Math.min(RECORD_BYTES, n - off));
                            try {
                                sha.digest(hash, 0, hash.length);
                            } catch (java.security.DigestException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        hashingNanos += System.nanoTime() - t0;
                    }
                }
            }
        }
        return hashingNanos / 1e9 / Runtime.getRuntime().availableProcessors();
    }

    /** Runs a command that must succeed and gives its wall-clock seconds. */
    private static double timed(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = drain(p.getInputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed:\n" + output);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Whether the log of an earlier run is there, complete, signed by the key in {@code pub}. */
    private static boolean reusable(Path log, Path pub) throws IOException {
        Path checkpoint = log.resolve("checkpoint");
        Path complete = log.getParent().resolve(COMPLETE);
        if (!Files.isRegularFile(checkpoint) || !Files.isRegularFile(pub) || !Files.isRegularFile(complete)) {
            return false;
        }
        try {
            VerifiedCheckpoint v = Checkpoint.verify(Files.readAllBytes(checkpoint),
                    List.of(VerifierKey.readPem(pub)));
            long written = Long.parseLong(Files.readString(complete, StandardCharsets.UTF_8).strip());
            return v.checkpoint().treeSize() == RECORDS && written == segmentBytes(log);
        } catch (CheckpointException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes a new key pair and a new log of {@link #RECORDS} records, removing what was there. */
    private static void write(Path work, Path log, Path pub) throws IOException {
        if (Files.exists(work)) {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
        SigningKey key = SigningKey.generate(KEY_NAME);
        key.writePem(work.resolve(KEY_NAME + ".key"));
        key.verifierKey().writePem(pub);

        List<Transfer> transfers = ShippedPacks.transfers();
        Guard guard = Guard.builder().policies(ShippedPacks.load()).build();
        List<Decision> decisions = new ArrayList<>();
        for (Transfer t : transfers) {
            decisions.add(guard.preview(t));
        }
        Caller[] callers = {Caller.NONE, new Caller("crm", "exportContacts"), new Caller("billing", "syncInvoices")};
        byte[] pseudonymKey = "benchmark pseudonym key, 32 bytes".getBytes(StandardCharsets.US_ASCII);
        try (AuditLog audit = AuditLog.builder()
                .directory(log)
                .origin(ORIGIN)
                .signingKey(key)
                .pseudonymKey(pseudonymKey)
                .durability(AuditLog.Durability.ASYNC)
                .open()) {
            int n = transfers.size();
            for (long i = 0; i < RECORDS; i++) {
                int k = (int) (i % n);
                audit.append(transfers.get(k), decisions.get(k), callers[(int) (i % callers.length)]);
            }
        }
        Files.writeString(work.resolve(COMPLETE), segmentBytes(log) + "\n", StandardCharsets.UTF_8);
    }

    /** The total size of the record files. */
    private static long segmentBytes(Path log) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(log)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                total += Files.size(f);
            }
        }
        return total;
    }
}
