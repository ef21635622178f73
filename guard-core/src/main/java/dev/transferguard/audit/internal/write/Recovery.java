package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.FileChannels;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
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
 * does not verify), the unsigned tail after it is re-hashed, and a torn or foreign tail is cut, so that the
 * writer can go on appending. Nothing a checkpoint covers is ever rewritten; what was cut is noted by the
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
        List<Path> kept = LogFiles.keptCheckpoints(dir);
        byte[] note = LogFiles.readCheckpoint(dir.resolve(LogFiles.CHECKPOINT));
        Recovered r = new Recovered();
        if (note == null && kept.isEmpty()) {
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
        VerifiedCheckpoint main = note == null ? null : verify(dir, LogFiles.CHECKPOINT, note, trust);
        Path newestKept = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        VerifiedCheckpoint start = main;
        if (newestKept != null && (main == null
                || !newestKept.getFileName().toString().equals(LogFiles.keptName(main.checkpoint().treeSize())))) {
            byte[] keptNote = LogFiles.readCheckpoint(newestKept);
            VerifiedCheckpoint k = verify(dir, LogFiles.CHECKPOINTS + "/" + newestKept.getFileName(), keptNote,
                    trust);
            if (main == null || k.checkpoint().treeSize() > main.checkpoint().treeSize()) {
                // A crash between writing the kept copy and replacing the latest: finish the job.
                start = k;
                r.republish = true;
            }
        }
        Checkpoint cp = start.checkpoint();
        if (config.origin() != null && !config.origin().equals(cp.origin())) {
            throw new AuditException("the audit log " + dir + " has the origin '" + cp.origin() + "', not '"
                    + config.origin() + "'");
        }
        r.origin = cp.origin();
        r.checkpoint = cp;
        scan(dir, segments, cp, r, trust);
        return openSegment(dir, LogFiles.segments(dir), r, config.channels());
    }

    private static VerifiedCheckpoint verify(Path dir, String name, byte[] note, Set<VerifierKey> trust) {
        try {
            return Checkpoint.verify(note, trust);
        } catch (CheckpointException e) {
            throw new AuditException("the audit log " + dir + " is not opened: its " + name
                    + " does not verify with the configured keys: " + e.getMessage());
        }
    }

    private static void scan(Path dir, List<Path> segments, Checkpoint cp, Recovered r, Set<VerifierKey> trust)
            throws IOException {
        long signed = cp.treeSize();
        byte[] headPrefix = RecordHead.headPrefix(cp.origin());
        byte[] prevField = new byte[RecordFormat.HASH];
        byte[] leaf = new byte[RecordFormat.HASH];
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        CompactRange tree = r.tree;
        if (signed == 0 && !MessageDigest.isEqual(cp.rootHash(), Rfc6962Hasher.emptyRoot())) {
            throw refuse(dir, trust, "its checkpoint of size 0 has a root other than the empty tree's");
        }
        try (LogReader lines = new LogReader(segments)) {
            while (lines.next()) {
                long index = tree.size();
                byte[] b = lines.buffer();
                if (index < signed) {
                    if (lines.torn()) {
                        throw refuse(dir, trust, "a record inside the signed range is torn");
                    }
                    hasher.hashLeaf(b, lines.offset(), lines.length(), leaf, 0);
                    tree.append(leaf, 0);
                    System.arraycopy(leaf, 0, r.prev, 0, leaf.length);
                    if (tree.size() == signed && !MessageDigest.isEqual(tree.root(), cp.rootHash())) {
                        throw refuse(dir, trust, "its records do not give the root of its checkpoint");
                    }
                    continue;
                }
                String reason = null;
                if (lines.torn()) {
                    reason = "torn";
                } else {
                    long seq = RecordHead.parseHead(b, lines.offset(), lines.length(), headPrefix, prevField);
                    // After a power loss a line can end in blocks that never reached the disk (zeros):
                    // the tail is short, so every line of it is parsed in full.
                    if (seq < 0 || RecordHead.objectShape(b, lines.offset(), lines.length()) != 0) {
                        reason = "not-a-record";
                    } else if (seq != index || !MessageDigest.isEqual(prevField, r.prev)) {
                        reason = "out-of-sequence";
                    }
                }
                if (reason != null) {
                    r.cut = cut(dir, segments, lines, reason);
                    break;
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
    }

    /** Cuts the log at the current line: that file from the line on, and every later file. */
    private static Cut cut(Path dir, List<Path> segments, LogReader lines, String reason) throws IOException {
        int fileIndex = lines.fileIndex();
        Path file = lines.file();
        long offset = lines.byteOffset();
        long count = 1;
        while (lines.next()) {
            count++;
        }
        long bytes = Files.size(file) - offset;
        for (int i = fileIndex + 1; i < segments.size(); i++) {
            bytes += Files.size(segments.get(i));
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(offset);
            c.force(true);
        }
        for (int i = fileIndex + 1; i < segments.size(); i++) {
            Files.delete(segments.get(i));
        }
        LogFiles.syncDirectory(dir);
        return new Cut(file.getFileName().toString(), offset, bytes, count, reason);
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
