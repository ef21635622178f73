package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFault.Kind;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LineBuffer;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

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
    private static final byte GOOD = HEAD_OK | CHAIN_OK;

    private final Path dir;
    private final List<VerifierKey> trusted;
    private final byte[] trustedNote;
    private final String expectedOrigin;
    private final int chunkBytes;
    private final int threads;

    private final List<String> warnings = new ArrayList<>();
    private final List<Cp> checkpoints = new ArrayList<>();
    private final List<Cp> found = new ArrayList<>();
    private Cp latestFile;
    private List<Path> segments;
    private String origin;

    // Per line, over all segments.
    private long[] seqs = new long[1024];
    private byte[] flags = new byte[1024];
    private int lines;
    private final List<Integer> fileStarts = new ArrayList<>();

    /** A checkpoint found in the directory or given as trusted. */
    private static final class Cp {
        final Checkpoint checkpoint;
        final String location;
        final boolean trustedFromOutside;
        final byte[] note;
        /** Set by the signature thread; read after it is joined. */
        List<String> signers;
        SignedNote parsed;
        Boolean matches;

        Cp(Checkpoint checkpoint, String location, boolean trustedFromOutside, List<String> signers, byte[] note) {
            this.checkpoint = checkpoint;
            this.location = location;
            this.trustedFromOutside = trustedFromOutside;
            this.signers = signers;
            this.note = note;
        }

        long size() {
            return checkpoint.treeSize();
        }
    }

    private LogVerifier(Path dir, Collection<VerifierKey> trusted, byte[] trustedNote, String expectedOrigin,
                        int chunkBytes, int threads) {
        this.dir = dir;
        this.trusted = List.copyOf(trusted);
        this.trustedNote = trustedNote;
        this.expectedOrigin = expectedOrigin;
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
     */
    static int hashingThreads() {
        int processors = Runtime.getRuntime().availableProcessors();
        if (processors == 1) {
            return 1;
        }
        double load;
        try {
            // Read directly where there is one: the management beans would cost more to start than they save.
            String text = Files.readString(Path.of("/proc/loadavg"), java.nio.charset.StandardCharsets.US_ASCII);
            load = Double.parseDouble(text.substring(0, text.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return processors;
        }
        return (int) Math.max(1, Math.min(processors, 1 + Math.floor(processors - load)));
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
        List<Cp> toVerify = new ArrayList<>();
        AuditFault fault = loadCheckpoints(toVerify);
        if (fault != null) {
            return result(fault);
        }
        // Signatures are checked on a second thread while this one hashes the records: on a log with a
        // thousand checkpoints they cost about as much as the hashing.
        CompletableFuture<AuditFault> signatures = CompletableFuture.supplyAsync(() -> verifySignatures(toVerify),
                r -> {
                    Thread t = new Thread(r, "audit-verify-signatures");
                    t.setDaemon(true);
                    t.start();
                });
        fault = structure();
        if (fault == null) {
            scan();
            fault = classify();
            tailWarnings();
        }
        AuditFault signatureFault = signatures.join();
        return result(signatureFault != null ? signatureFault : fault);
    }

    // ---- checkpoints ------------------------------------------------------------------------------------

    /** Reads and parses every checkpoint; their signatures are left to {@link #verifySignatures}. */
    private AuditFault loadCheckpoints(List<Cp> toVerify) throws IOException {
        byte[] main = LogFiles.readCheckpoint(dir.resolve(LogFiles.CHECKPOINT));
        List<Path> kept = LogFiles.keptCheckpoints(dir);
        Cp outside = null;
        if (trustedNote != null) {
            try {
                VerifiedCheckpoint v = Checkpoint.verify(trustedNote, trusted);
                outside = new Cp(v.checkpoint(), "the trusted checkpoint", true, names(v), trustedNote);
            } catch (CheckpointException e) {
                throw new AuditException("the trusted checkpoint does not verify with the given keys: "
                        + e.getMessage());
            }
        }
        if (main == null && kept.isEmpty()) {
            boolean anyRecords = false;
            for (Path s : segments) {
                anyRecords |= Files.size(s) > 0;
            }
            if (!anyRecords && outside == null) {
                throw new AuditException(dir + " is not an audit log: it has no checkpoint and no records");
            }
            origin = expectedOrigin != null ? expectedOrigin : outside != null ? outside.checkpoint.origin() : "";
            if (anyRecords) {
                return new AuditFault(Kind.MISSING_CHECKPOINT, -1, LogFiles.CHECKPOINT,
                        "the log holds records but no checkpoint signs any of them");
            }
        }
        for (Path k : kept) {
            String location = LogFiles.CHECKPOINTS + "/" + k.getFileName();
            Object c = parse(LogFiles.readCheckpoint(k), location);
            if (c instanceof AuditFault f) {
                return f;
            }
            Cp cp = (Cp) c;
            if (!k.getFileName().toString().equals(LogFiles.keptName(cp.size()))) {
                warnings.add(location + " holds the checkpoint of size " + cp.size()
                        + ", not the size its name says");
            }
            found.add(cp);
            toVerify.add(cp);
        }
        if (main != null) {
            Object c = parse(main, LogFiles.CHECKPOINT);
            if (c instanceof AuditFault f) {
                return f;
            }
            latestFile = (Cp) c;
            found.add(latestFile);
            boolean copy = false;
            for (Cp k : toVerify) {
                copy |= Arrays.equals(main, k.note);
            }
            // The latest is normally a copy of the newest kept one: one signature check is enough.
            if (!copy) {
                toVerify.add(latestFile);
            }
        } else if (!kept.isEmpty()) {
            warnings.add("there is no " + LogFiles.CHECKPOINT + " file; the kept checkpoints were used");
        }
        if (outside != null) {
            found.add(outside);
        }
        if (origin == null) {
            origin = expectedOrigin != null ? expectedOrigin
                    : outside != null ? outside.checkpoint.origin()
                    : latestFile != null ? latestFile.checkpoint.origin()
                    : found.get(found.size() - 1).checkpoint.origin();
        }
        return null;
    }

    /** Origins, sizes and roots of the checkpoints among themselves. */
    private AuditFault structure() {
        for (Cp cp : found) {
            if (!cp.checkpoint.origin().equals(origin)) {
                return new AuditFault(Kind.WRONG_ORIGIN, -1, cp.location, "the checkpoint is for the log '"
                        + cp.checkpoint.origin() + "', not '" + origin + "'");
            }
        }
        Map<Long, Cp> bySize = new TreeMap<>();
        for (Cp cp : found) {
            Cp same = bySize.putIfAbsent(cp.size(), cp);
            if (same != null && !MessageDigest.isEqual(same.checkpoint.rootHash(), cp.checkpoint.rootHash())) {
                return new AuditFault(Kind.FORK, -1, same.location + " and " + cp.location,
                        "two signed checkpoints of size " + cp.size() + " have different roots");
            }
        }
        checkpoints.addAll(bySize.values());
        if (latestFile != null) {
            long newest = found.stream().filter(c -> !c.trustedFromOutside).mapToLong(Cp::size).max().orElse(0);
            if (latestFile.size() < newest) {
                warnings.add("the " + LogFiles.CHECKPOINT + " file (size " + latestFile.size()
                        + ") is older than the newest kept checkpoint (size " + newest + ")");
            }
        }
        return null;
    }

    /** @return a {@link Cp} whose signatures are not checked yet, or the {@link AuditFault} that the note is */
    private Object parse(byte[] note, String location) {
        try {
            SignedNote parsed = SignedNote.parse(note);
            Checkpoint checkpoint = CheckpointText.parse(parsed.text());
            Cp cp = new Cp(checkpoint, location, false, List.of(), note);
            cp.parsed = parsed;
            return cp;
        } catch (CheckpointException e) {
            return new AuditFault(kindOf(e.fault()), -1, location, e.getMessage());
        }
    }

    /** Checks the signatures in file order; returns the first failure. */
    private AuditFault verifySignatures(List<Cp> cps) {
        for (Cp cp : cps) {
            try {
                SignedNote.Verification v = cp.parsed.verify(trusted);
                cp.signers = v.verifiedBy().stream().map(k -> k.name() + "+" + k.keyIdHex()).toList();
            } catch (CheckpointException e) {
                return new AuditFault(kindOf(e.fault()), -1, cp.location, e.getMessage());
            }
        }
        return null;
    }

    private static Kind kindOf(CheckpointException.Fault fault) {
        if (fault == CheckpointException.Fault.BAD_SIGNATURE) {
            return Kind.BAD_SIGNATURE;
        }
        if (fault == CheckpointException.Fault.UNKNOWN_KEY) {
            return Kind.UNKNOWN_KEY;
        }
        return Kind.MALFORMED_CHECKPOINT;
    }

    private static List<String> names(VerifiedCheckpoint v) {
        return v.verifiedBy().stream().map(k -> k.name() + "+" + k.keyIdHex()).toList();
    }

    private long signedSize() {
        return checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
    }

    // ---- records ----------------------------------------------------------------------------------------

    private void scan() throws IOException {
        byte[] prevLeaf = new byte[RecordFormat.HASH];
        CompactRange tree = new CompactRange();
        List<Cp> bySize = new ArrayList<>(checkpoints);
        bySize.sort(Comparator.comparingLong(Cp::size));
        int[] next = {0};
        while (next[0] < bySize.size() && bySize.get(next[0]).size() == 0) {
            bySize.get(next[0]).matches = MessageDigest.isEqual(bySize.get(next[0]).checkpoint.rootHash(),
                    Rfc6962Hasher.emptyRoot());
            next[0]++;
        }
        int[] lastFile = {-1};
        RecordScan scan = new RecordScan(segments, RecordHead.headPrefix(origin), chunkBytes, threads);
        scan.run(c -> {
            while (lastFile[0] < c.file()) {
                fileStarts.add(lines);
                lastFile[0]++;
            }
            for (int i = 0; i < c.lines(); i++) {
                byte f = c.flags[i];
                if (i == 0 && (f & HEAD_OK) != 0 && MessageDigest.isEqual(c.firstPrev, prevLeaf)) {
                    f |= CHAIN_OK;
                }
                add(c.seqs[i], f);
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
        while (fileStarts.size() < segments.size()) {
            fileStarts.add(lines);
        }
    }

    private void add(long seq, byte f) {
        if (lines == seqs.length) {
            seqs = Arrays.copyOf(seqs, lines * 2);
            flags = Arrays.copyOf(flags, lines * 2);
        }
        seqs[lines] = seq;
        flags[lines] = f;
        lines++;
    }

    // ---- the first fault --------------------------------------------------------------------------------

    private AuditFault classify() throws IOException {
        long signed = signedSize();
        int inRange = (int) Math.min(lines, signed);
        for (int a = 0; a < inRange; a++) {
            if (flags[a] != GOOD || seqs[a] != a) {
                return classifyAt(a);
            }
        }
        if (lines < signed) {
            if (lines > 0) {
                byte[] last = line(lines - 1);
                if (RecordHead.objectShape(last, 0, last.length) == 1) {
                    return modified(lines - 1, "the record is not one JSON object: its newline was replaced");
                }
            }
            return new AuditFault(Kind.TRUNCATED, lines, location(lines),
                    "the log ends after " + lines + " records, but a checkpoint signs " + signed);
        }
        Cp firstBad = null;
        for (Cp cp : checkpoints) {
            if (Boolean.FALSE.equals(cp.matches)) {
                firstBad = cp;
                break;
            }
        }
        if (firstBad == null) {
            return null;
        }
        if (firstBad.trustedFromOutside) {
            return new AuditFault(Kind.FORK, -1, firstBad.location, "the log's records and its own checkpoints"
                    + " differ from the trusted checkpoint of size " + firstBad.size()
                    + ": the log was rewritten and signed again");
        }
        for (Cp later : checkpoints) {
            if (later.size() > firstBad.size() && Boolean.TRUE.equals(later.matches) && !later.trustedFromOutside) {
                return new AuditFault(Kind.INCONSISTENT_CHECKPOINTS, -1, firstBad.location, "the checkpoint of size "
                        + firstBad.size() + " is not a prefix of the checkpoint of size " + later.size()
                        + ", which matches the log");
            }
        }
        long size = firstBad.size();
        int last = (int) size - 1;
        if (last + 1 < lines && (flags[last + 1] & CHAIN_OK) == 0 || last + 1 == lines) {
            return modified(last, "the record differs from the one signed by " + firstBad.location);
        }
        long from = 0;
        for (Cp cp : checkpoints) {
            if (cp.size() < size && Boolean.TRUE.equals(cp.matches)) {
                from = cp.size();
            }
        }
        return new AuditFault(Kind.MODIFIED, from, location((int) from), "a record between seq " + from + " and "
                + last + " differs from the ones signed by " + firstBad.location
                + ", and the records after it were linked to the change");
    }

    private AuditFault classifyAt(int a) throws IOException {
        if ((flags[a] & TORN) != 0) {
            int shape = RecordHead.objectShape(line(a), 0, line(a).length);
            if (shape == 1) {
                return modified(a, "the record's newline was replaced by other bytes");
            }
            return new AuditFault(Kind.TRUNCATED, a, location(a), "the signed record was cut short: its file ends"
                    + " inside it");
        }
        if (a > 0 && (flags[a - 1] & TORN) == 0) {
            byte[] before = line(a - 1);
            if (RecordHead.objectShape(before, 0, before.length) != 0) {
                return modified(a - 1, "the record is not one JSON object: a newline was added or removed");
            }
        }
        boolean hasNext = a + 1 < lines;
        if ((flags[a] & HEAD_OK) == 0) {
            if (hasNext && seqs[a + 1] == a) {
                return new AuditFault(Kind.INSERTED, a, location(a), "a line that is not a record of this log"
                        + " was inserted before seq " + a);
            }
            return modified(a, "the line is not a record of this log");
        }
        if (seqs[a] == a) {
            // Its own seq is right but its prev is not the hash of the line before.
            if (a == 0) {
                return modified(0, "the first record's link to its predecessor is not zero");
            }
            if (hasNext && (flags[a + 1] & GOOD) == GOOD && seqs[a + 1] == a + 1) {
                return modified(a - 1, "the record's hash is not the one the next record links to");
            }
            if (hasNext && seqs[a + 1] == a + 1) {
                return modified(a, "the record's link to the record before it was changed");
            }
            if (!hasNext && linkWasChanged(a)) {
                return modified(a, "the record's link to the record before it was changed");
            }
            return modified(a - 1, "the record's hash is not the one the next record links to");
        }
        if ((flags[a] & CHAIN_OK) != 0) {
            return modified(a, "the record follows seq " + (a - 1) + " but its own seq was changed to " + seqs[a]);
        }
        long s = seqs[a];
        if (count(s) > 1) {
            return new AuditFault(Kind.INSERTED, a, location(a), "the record of seq " + s
                    + " appears again in the place of seq " + a);
        }
        if (s == a + 1 && hasNext && seqs[a + 1] == a) {
            return new AuditFault(Kind.REORDERED, a, location(a), "the records of seq " + a + " and " + (a + 1)
                    + " are swapped");
        }
        if (hasNext && seqs[a + 1] == a) {
            return new AuditFault(Kind.INSERTED, a, location(a), "a record claiming seq " + s
                    + " was inserted before seq " + a);
        }
        if (s > a && !appearsAfter(a, a)) {
            return new AuditFault(Kind.DELETED, a, location(a), s - a == 1 ? "the record of seq " + a + " is missing"
                    : "the records of seq " + a + " to " + (s - 1) + " are missing");
        }
        return new AuditFault(Kind.REORDERED, a, location(a), "the record of seq " + s
                + " is in the place of seq " + a);
    }

    private AuditFault modified(long seq, String why) {
        return new AuditFault(Kind.MODIFIED, seq, location((int) seq), why);
    }

    private long count(long s) {
        long n = 0;
        for (int i = 0; i < lines; i++) {
            if (seqs[i] == s) {
                n++;
            }
        }
        return n;
    }

    private boolean appearsAfter(int a, long s) {
        for (int i = a + 1; i < lines; i++) {
            if (seqs[i] == s) {
                return true;
            }
        }
        return false;
    }

    /**
     * For the last line, whose prev does not link: was its prev changed, or the line before it? Put back the
     * link the line before calls for and see whether the log then gives a signed root.
     */
    private boolean linkWasChanged(int a) throws IOException {
        byte[] before = line(a - 1);
        byte[] restored = line(a);
        byte[] hash = new Rfc6962Hasher().hashLeaf(before);
        int at = RecordHead.headPrefix(origin).length;
        while (at < restored.length && restored[at] != ',') {
            at++;
        }
        at += ",\"prev\":\"".length();
        LineBuffer hex = new LineBuffer(64);
        hex.writeHex(hash);
        if (at + 64 > restored.length) {
            return false;
        }
        System.arraycopy(hex.array(), 0, restored, at, 64);
        CompactRange tree = new CompactRange();
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        byte[] leaf = new byte[RecordFormat.HASH];
        try (LogReader scanner = new LogReader(segments)) {
            while (scanner.next()) {
                if (tree.size() == a) {
                    hasher.hashLeaf(restored, 0, restored.length, leaf, 0);
                } else {
                    hasher.hashLeaf(scanner.buffer(), scanner.offset(), scanner.length(), leaf, 0);
                }
                tree.append(leaf, 0);
                for (Cp cp : checkpoints) {
                    if (cp.size() == tree.size() && cp.size() > a
                            && MessageDigest.isEqual(tree.root(), cp.checkpoint.rootHash())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private byte[] line(int index) throws IOException {
        try (LogReader scanner = new LogReader(segments)) {
            int i = 0;
            while (scanner.next()) {
                if (i++ == index) {
                    return scanner.copy();
                }
            }
        }
        throw new IllegalStateException("line " + index + " disappeared while verifying");
    }

    private String location(int index) {
        if (lines == 0) {
            return "(no records)";
        }
        if (index >= lines) {
            return after(lines - 1);
        }
        int file = 0;
        for (int i = 0; i < fileStarts.size(); i++) {
            if (fileStarts.get(i) <= index) {
                file = i;
            }
        }
        return segments.get(file).getFileName() + ":" + (index - fileStarts.get(file) + 1);
    }

    private String after(int lastIndex) {
        return "after " + location(lastIndex);
    }

    // ---- warnings ---------------------------------------------------------------------------------------

    private void tailWarnings() {
        long signed = signedSize();
        if (lines <= signed) {
            return;
        }
        int whole = lines;
        if ((flags[lines - 1] & TORN) != 0) {
            whole--;
            warnings.add("torn last line after the last checkpoint (" + location(lines - 1)
                    + "): a write a crash interrupted; the writer cuts it when it next opens the log");
        }
        if (whole > signed) {
            warnings.add("unsigned tail: " + (whole - signed) + " record" + (whole - signed == 1 ? "" : "s")
                    + " after the last checkpoint (seq " + signed + " on) are not yet signed");
        }
        for (int i = (int) signed; i < whole; i++) {
            if (flags[i] != GOOD || seqs[i] != i) {
                warnings.add("the unsigned tail is out of sequence from " + location(i) + " on");
                break;
            }
        }
    }

    private AuditVerification result(AuditFault fault) {
        Cp latest = null;
        for (Cp cp : checkpoints) {
            if (latest == null || cp.size() >= latest.size()) {
                latest = cp;
            }
        }
        long records = lines > 0 && (flags[lines - 1] & TORN) != 0 ? lines - 1 : lines;
        return new AuditVerification(origin == null ? "" : origin, records, latest == null ? 0 : latest.size(),
                latest == null ? null : latest.checkpoint, latest == null ? List.of() : latest.signers, fault,
                warnings);
    }
}
