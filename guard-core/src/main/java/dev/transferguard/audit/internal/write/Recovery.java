package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.FileChannels;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.TailBound;
import dev.transferguard.audit.internal.TailMeter;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.read.LogReader;
import dev.transferguard.audit.internal.verify.LogVerifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Opening an existing log: the signed part is verified against the newest checkpoint (and refused when it
 * does not verify), the unsigned tail after it is re-hashed and held to the {@link TailBound} its writer
 * stated (and refused when it is longer: that is signed history whose checkpoints were removed), and a torn
 * or foreign tail is cut, so that the writer can go on appending. Nothing a checkpoint covers is ever rewritten; what was cut is noted by the
 * writer in a {@code recovery} record. A new directory gets an empty log.
 */
final class Recovery {

    /** What recovery cut. */
    record Cut(String file, long offset, long bytes, long lines, String reason) {
    }

    /** The state of a log after recovery, ready to append to. */
    static final class Recovered {
        String origin;
        Checkpoint checkpoint;
        boolean republish;
        final CompactRange tree = new CompactRange();
        /** The leaf hash of the last record, which the next one links to; zeros for none. */
        final byte[] prev = new byte[RecordFormat.HASH];
        SegmentFile segment;
        Cut cut;
    }

    private Recovery() {
    }

    static Recovered run(LogConfig config) throws IOException {
        Path dir = config.dir();
        Set<VerifierKey> trust = new LinkedHashSet<>();
        config.keys().forEach(k -> trust.add(k.verifierKey()));
        trust.addAll(config.trusted());
        List<Path> segments = LogFiles.segments(dir);
        StartingPoint found;
        try {
            found = StartingPoint.find(dir, trust);
        } catch (StartingPoint.Refused e) {
            throw refuse(dir, trust, e.getMessage());
        }
        Recovered r = new Recovered();
        if (found == null) {
            for (Path s : segments) {
                if (Files.size(s) > 0) {
                    throw new AuditException("the audit log " + dir + " holds records but no checkpoint;"
                            + " it is incomplete or was tampered with, so it is not opened");
                }
            }
            if (config.origin() == null) {
                throw new AuditException("a new audit log in " + dir + " needs an origin name");
            }
            r.origin = config.origin();
            r.republish = true;
            r.checkpoint = new Checkpoint(r.origin, 0, Rfc6962Hasher.emptyRoot());
            return openSegment(dir, segments, r, config.channels());
        }
        Checkpoint cp = found.start().checkpoint();
        if (config.origin() != null && !config.origin().equals(cp.origin())) {
            throw new AuditException("the audit log " + dir + " has the origin '" + cp.origin() + "', not '"
                    + config.origin() + "'");
        }
        r.origin = cp.origin();
        r.checkpoint = cp;
        r.republish = found.republish();
        TailBound bound;
        try {
            bound = TailBound.read(dir, trust, cp.origin());
        } catch (CheckpointException e) {
            throw refuse(dir, trust, "its " + TailBound.FILE + " is not a bound signed for this log: "
                    + e.getMessage());
        }
        scan(dir, segments, found.all(), cp, r, trust, bound);
        return openSegment(dir, LogFiles.segments(dir), r, config.channels());
    }

    /** Where the tail is cut, once a line that cannot stay is found. */
    private static final class CutPoint {
        int fileIndex;
        Path file;
        long offset;
        long lines;
        String reason;
    }

    private static void scan(Path dir, List<Path> segments, List<Checkpoint> checkpoints, Checkpoint cp,
                             Recovered r, Set<VerifierKey> trust, TailBound bound) throws IOException {
        long signed = cp.treeSize();
        byte[] headPrefix = RecordHead.headPrefix(cp.origin());
        byte[] prevField = new byte[RecordFormat.HASH];
        byte[] leaf = new byte[RecordFormat.HASH];
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        CompactRange tree = r.tree;
        int nextCheckpoint = 0;
        while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == 0) {
            if (!MessageDigest.isEqual(checkpoints.get(nextCheckpoint).rootHash(), Rfc6962Hasher.emptyRoot())) {
                throw refuse(dir, trust, "its checkpoint of size 0 has a root other than the empty tree's");
            }
            nextCheckpoint++;
        }
        TailMeter tail = new TailMeter(bound);
        CutPoint cut = null;
        try (LogReader lines = new LogReader(segments)) {
            while (lines.next()) {
                long index = tree.size();
                byte[] b = lines.buffer();
                if (cut == null && index < signed) {
                    if (lines.torn() || lines.tooLong()) {
                        throw refuse(dir, trust, "a record inside the signed range is "
                                + (lines.torn() ? "torn" : "longer than any record"));
                    }
                    hasher.hashLeaf(b, lines.offset(), lines.length(), leaf, 0);
                    tree.append(leaf, 0);
                    System.arraycopy(leaf, 0, r.prev, 0, leaf.length);
                    while (nextCheckpoint < checkpoints.size()
                            && checkpoints.get(nextCheckpoint).treeSize() == tree.size()) {
                        if (!MessageDigest.isEqual(tree.root(), checkpoints.get(nextCheckpoint).rootHash())) {
                            throw refuse(dir, trust, "its records do not give the root of its checkpoint of size "
                                    + tree.size());
                        }
                        nextCheckpoint++;
                    }
                    continue;
                }
                // The whole tail is measured, the part to be cut too: signed history passed off as a tail, to
                // be signed again or cut as "not a record", is longer than a writer leaves.
                tail.add(b, lines.offset(), lines.length());
                if (cut != null) {
                    cut.lines++;
                    continue;
                }
                String reason = reason(lines, headPrefix, prevField, index, r.prev);
                if (reason != null) {
                    cut = new CutPoint();
                    cut.fileIndex = lines.fileIndex();
                    cut.file = lines.file();
                    cut.offset = lines.byteOffset();
                    cut.lines = 1;
                    cut.reason = reason;
                    continue;
                }
                hasher.hashLeaf(b, lines.offset(), lines.length(), leaf, 0);
                tree.append(leaf, 0);
                System.arraycopy(leaf, 0, r.prev, 0, leaf.length);
            }
        }
        if (tree.size() < signed) {
            throw refuse(dir, trust, "it holds " + tree.size() + " records, fewer than the " + signed
                    + " its checkpoint signs");
        }
        String excess = tail.excess();
        if (excess != null) {
            throw refuse(dir, trust, excess + " (" + TailBound.FILE + "): records after seq " + signed
                    + " were signed once and their checkpoints removed, or written by something else than its"
                    + " writer; nothing is signed or cut until someone has looked");
        }
        if (cut != null) {
            r.cut = cut(dir, segments, cut);
        }
    }

    /** @return why the tail's line must be cut, or {@code null} when it is the next record */
    private static String reason(LogReader lines, byte[] headPrefix, byte[] prevField, long index, byte[] prev) {
        if (lines.tooLong()) {
            return "too-long";
        }
        if (lines.torn()) {
            return "torn";
        }
        byte[] b = lines.buffer();
        long seq = RecordHead.parseHead(b, lines.offset(), lines.length(), headPrefix, prevField);
        // After a power loss a line can end in blocks that never reached the disk (zeros): the tail is short,
        // so every line of it is parsed in full.
        if (seq < 0 || RecordHead.objectShape(b, lines.offset(), lines.length()) != 0) {
            return "not-a-record";
        }
        if (seq != index || !MessageDigest.isEqual(prevField, prev)) {
            return "out-of-sequence";
        }
        return null;
    }

    /** Cuts the log at a line: that file from the line on, and every later file. */
    private static Cut cut(Path dir, List<Path> segments, CutPoint at) throws IOException {
        long bytes = Files.size(at.file) - at.offset;
        for (int i = at.fileIndex + 1; i < segments.size(); i++) {
            bytes += Files.size(segments.get(i));
        }
        try (FileChannel c = FileChannel.open(at.file, StandardOpenOption.WRITE, LogFiles.NOFOLLOW)) {
            c.truncate(at.offset);
            c.force(true);
        }
        for (int i = at.fileIndex + 1; i < segments.size(); i++) {
            Files.delete(segments.get(i));
        }
        LogFiles.syncDirectory(dir);
        return new Cut(at.file.getFileName().toString(), at.offset, bytes, at.lines, at.reason);
    }

    private static AuditException refuse(Path dir, Set<VerifierKey> trust, String what) {
        String fault;
        try {
            AuditVerification v = LogVerifier.verify(dir, trust, null, null);
            fault = v.intact() ? "" : "; the first fault: " + v.fault();
        } catch (AuditException e) {
            fault = "";
        }
        return new AuditException("the audit log " + dir + " is not opened: " + what + fault);
    }

    private static Recovered openSegment(Path dir, List<Path> segments, Recovered r, FileChannels channels)
            throws IOException {
        r.segment = SegmentFile.open(dir, segments, r.tree.size(), channels);
        return r;
    }
}
