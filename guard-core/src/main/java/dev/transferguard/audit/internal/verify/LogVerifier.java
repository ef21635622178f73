package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.TailBound;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Verifies an audit log directory offline, as {@code docs/audit-log.md} ("Verifying a log") describes:
 * every checkpoint's signature, every record's hash, place and link, and every checkpoint's root against
 * the log; and when something is wrong, it names the first fault and its kind.
 *
 * <p>The records are streamed and hashed once, in chunks spread over the idle cores ({@link RecordScan}); only
 * the sequence number and three flags of each line are kept (9 bytes a record), so that the fault can be
 * classified by looking around it afterwards. Lines are not parsed as JSON unless a fault needs it.
 */
public final class LogVerifier {

    private static final byte HEAD_OK = RecordScan.HEAD_OK;
    private static final byte CHAIN_OK = RecordScan.CHAIN_OK;
    private static final byte TORN = RecordScan.TORN;

    private final Path dir;
    private final List<VerifierKey> trusted;
    private final int chunkBytes;
    private final int threads;

    private final List<String> warnings = new ArrayList<>();
    private final CheckpointSet cps;
    private List<Path> segments;
    private ScannedLines table;

    private LogVerifier(Path dir, Collection<VerifierKey> trusted, byte[] trustedNote, String expectedOrigin,
                        int chunkBytes, int threads) {
        this.dir = dir;
        this.trusted = List.copyOf(trusted);
        this.cps = new CheckpointSet(dir, this.trusted, trustedNote, expectedOrigin, warnings);
        this.chunkBytes = chunkBytes;
        this.threads = threads;
    }

    /**
     * Verifies a log.
     *
     * @param dir               the log directory
     * @param trusted           the verifier keys to trust, at least one
     * @param trustedCheckpoint a signed checkpoint trusted from elsewhere, or {@code null}
     * @param expectedOrigin    the origin the log must have, or {@code null} to take it from its checkpoints
     * @return the outcome
     * @throws AuditException when the directory is not an audit log or the trusted checkpoint does not verify
     *                        (bad input rather than a fault of the log)
     */
    public static AuditVerification verify(Path dir, Collection<VerifierKey> trusted, byte[] trustedCheckpoint,
                                           String expectedOrigin) {
        return verify(dir, trusted, trustedCheckpoint, expectedOrigin, RecordScan.DEFAULT_CHUNK_BYTES,
                hashingThreads());
    }

    /**
     * One hashing thread per processor that is idle, and at least the calling one. Spreading the hashing pays
     * only where a core would otherwise idle: on 2 cores with a load average of 2.5 to 13 from other
     * processes, a second hashing thread added about a quarter to the CPU time of verifying a million
     * records, and a quarter to a third to the wall time, for warming it up and feeding it.
     *
     * <p>Idle means idle now: the threads of other processes that are running or ready to run at this moment
     * (the kernel's count in {@code /proc/loadavg}, less this process's own, such as its compiler threads).
     * The load average would not do: it trails the last minute, so a verification that follows another job,
     * or another verification, on an otherwise quiet machine would be held to one thread.
     */
    static int hashingThreads() {
        int processors = Runtime.getRuntime().availableProcessors();
        if (processors == 1) {
            return 1;
        }
        try {
            // Read directly where there is one: the management beans would cost more to start than they save.
            String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
            return threadsFor(processors, text, ownRunnableThreads());
        } catch (IOException | RuntimeException e) {
            return processors;
        }
    }

    /**
     * The hashing threads for a machine of {@code processors} whose {@code /proc/loadavg} reads {@code loadavg}
     * while {@code own} of the runnable threads are this process's.
     *
     * @throws RuntimeException when the text is not of the kernel's form
     */
    static int threadsFor(int processors, String loadavg, int own) {
        // "0.48 0.55 0.25 2/87 19366": the fourth field is runnable/all scheduling entities.
        String[] fields = loadavg.trim().split(" ");
        int runnable = Integer.parseInt(fields[3].substring(0, fields[3].indexOf('/')));
        int others = Math.max(0, runnable - Math.max(1, own));
        return Math.max(1, Math.min(processors, processors - others));
    }

    /** This process's threads that are running or ready to run, the calling one included; at least 1. */
    private static int ownRunnableThreads() throws IOException {
        int running = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                // "tid (name) S ...": the state follows the name, which may itself hold ") ".
                int close = stat.lastIndexOf(')');
                if (close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'R') {
                    running++;
                }
            }
        }
        return Math.max(1, running);
    }

    /**
     * Verifies a log reading it in chunks of a given size with a given number of hashing threads: tests make
     * them small to reach the joins between chunks that a small log would not have.
     */
    static AuditVerification verify(Path dir, Collection<VerifierKey> trusted, byte[] trustedCheckpoint,
                                    String expectedOrigin, int chunkBytes, int threads) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("verifying needs at least one trusted key");
        }
        if (!Files.isDirectory(dir)) {
            throw new AuditException("no audit log directory " + dir);
        }
        try {
            return new LogVerifier(dir, trusted, trustedCheckpoint, expectedOrigin, chunkBytes, threads).run();
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
    }

    private AuditVerification run() throws IOException {
        segments = LogFiles.segments(dir);
        table = new ScannedLines(segments);
        List<CheckpointSet.Cp> toVerify = new ArrayList<>();
        AuditFault fault = cps.load(segments, toVerify);
        if (fault != null) {
            return result(fault);
        }
        // Signatures are checked on a second thread while this one hashes the records: on a log with a
        // thousand checkpoints they cost about as much as the hashing.
        CompletableFuture<AuditFault> signatures = CompletableFuture.supplyAsync(() -> cps.verifySignatures(toVerify),
                r -> {
                    Thread t = new Thread(r, "audit-verify-signatures");
                    t.setDaemon(true);
                    t.start();
                });
        fault = cps.structure();
        TailBound bound = null;
        if (fault == null) {
            try {
                bound = TailBound.read(dir, trusted, cps.origin());
            } catch (CheckpointException e) {
                fault = new AuditFault(CheckpointSet.kindOf(e.fault()), -1, TailBound.FILE, e.getMessage());
            }
        }
        if (fault == null) {
            // Beyond the longest tail the writer could have left, lines are counted, not kept.
            table.bound(cps.signedSize(), bound.records() + 2);
            scan();
            FaultFinder finder = new FaultFinder(table, cps, warnings);
            fault = finder.classify();
            if (fault == null) {
                fault = TailCheck.check(table, cps.signedSize(), bound);
            }
            finder.tailWarnings();
        }
        AuditFault signatureFault = signatures.join();
        return result(signatureFault != null ? signatureFault : fault);
    }

    // ---- records ----------------------------------------------------------------------------------------

    private void scan() throws IOException {
        byte[] prevLeaf = new byte[RecordFormat.HASH];
        CompactRange tree = new CompactRange();
        List<CheckpointSet.Cp> bySize = new ArrayList<>(cps.bySize());
        bySize.sort(Comparator.comparingLong(CheckpointSet.Cp::size));
        int[] next = {0};
        while (next[0] < bySize.size() && bySize.get(next[0]).size() == 0) {
            bySize.get(next[0]).matches = MessageDigest.isEqual(bySize.get(next[0]).checkpoint.rootHash(),
                    Rfc6962Hasher.emptyRoot());
            next[0]++;
        }
        RecordScan scan = new RecordScan(segments, RecordHead.headPrefix(cps.origin()), chunkBytes, threads);
        scan.run(c -> {
            table.startFile(c.file());
            for (int i = 0; i < c.lines(); i++) {
                byte f = c.flags[i];
                if (i == 0 && (f & HEAD_OK) != 0 && MessageDigest.isEqual(c.firstPrev, prevLeaf)) {
                    f |= CHAIN_OK;
                }
                table.add(c.seqs[i], f);
            }
            int i = 0;
            while (i < c.lines()) {
                int block = c.firstBlockLine < 0 || i < c.firstBlockLine ? -1 : (i - c.firstBlockLine);
                boolean whole = block >= 0 && block % RecordScan.BLOCK_LEAVES == 0
                        && block / RecordScan.BLOCK_LEAVES < c.blocks;
                // A group of leaves is taken at once only when no checkpoint's size falls inside it: each
                // checkpoint's root is compared at exactly its size.
                if (whole && (next[0] == bySize.size()
                        || bySize.get(next[0]).size() >= tree.size() + RecordScan.BLOCK_LEAVES)) {
                    tree.appendSubtree(c.blockRoots, block / RecordScan.BLOCK_LEAVES * RecordFormat.HASH,
                            RecordScan.BLOCK_HEIGHT);
                    i += RecordScan.BLOCK_LEAVES;
                } else {
                    tree.appendSubtree(c.leaves, i * RecordFormat.HASH, 0);
                    i++;
                }
                while (next[0] < bySize.size() && bySize.get(next[0]).size() == tree.size()) {
                    bySize.get(next[0]).matches = MessageDigest.isEqual(tree.root(),
                            bySize.get(next[0]).checkpoint.rootHash());
                    next[0]++;
                }
            }
            System.arraycopy(c.leaves, (c.lines() - 1) * RecordFormat.HASH, prevLeaf, 0, RecordFormat.HASH);
        });
        table.finish();
    }

    private AuditVerification result(AuditFault fault) {
        CheckpointSet.Cp latest = null;
        for (CheckpointSet.Cp cp : cps.bySize()) {
            if (latest == null || cp.size() >= latest.size()) {
                latest = cp;
            }
        }
        long lines = table == null ? 0 : table.total;
        long records = lines > 0 && (table.lastFlags & TORN) != 0 ? lines - 1 : lines;
        String origin = cps.origin();
        return new AuditVerification(origin == null ? "" : origin, records, latest == null ? 0 : latest.size(),
                latest == null ? null : latest.checkpoint, latest == null ? List.of() : latest.signers, fault,
                warnings);
    }
}
