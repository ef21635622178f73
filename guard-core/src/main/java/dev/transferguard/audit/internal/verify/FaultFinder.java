package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.AuditFault.Kind;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.internal.LineBuffer;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Names the first fault of a log whose lines were scanned, and its kind (modified, inserted, deleted,
 * reordered, truncated, inconsistent checkpoints), from the lines' sequence numbers and flags and the
 * checkpoints' roots; the few lines it needs to look at closely are read again. Also notes what is odd in
 * the unsigned tail.
 */
final class FaultFinder {

    private static final byte HEAD_OK = RecordScan.HEAD_OK;
    private static final byte CHAIN_OK = RecordScan.CHAIN_OK;
    private static final byte TORN = RecordScan.TORN;
    private static final byte GOOD = HEAD_OK | CHAIN_OK;

    private final ScannedLines table;
    private final long[] seqs;
    private final byte[] flags;
    private final int lines;
    private final List<Path> segments;
    private final List<CheckpointSet.Cp> checkpoints;
    private final long signed;
    private final String origin;
    private final List<String> warnings;

    /**
     * @param table    the lines scanned
     * @param cps      the checkpoints, their roots compared with the records'
     * @param warnings receives what is odd but not a fault
     */
    FaultFinder(ScannedLines table, CheckpointSet cps, List<String> warnings) {
        this.table = table;
        this.seqs = table.seqs;
        this.flags = table.flags;
        this.lines = table.lines;
        this.segments = table.segments;
        this.checkpoints = cps.bySize();
        this.signed = cps.signedSize();
        this.origin = cps.origin();
        this.warnings = warnings;
    }

    private long signedSize() {
        return signed;
    }

    private byte[] line(int index) throws IOException {
        return table.line(index);
    }

    private String location(int index) {
        return table.location(index);
    }

    /**
     * @return the first fault, or {@code null} when the log is intact
     * @throws IOException when a line cannot be read again
     */
    AuditFault classify() throws IOException {
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
        CheckpointSet.Cp firstBad = null;
        for (CheckpointSet.Cp cp : checkpoints) {
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
        for (CheckpointSet.Cp later : checkpoints) {
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
        for (CheckpointSet.Cp cp : checkpoints) {
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
                for (CheckpointSet.Cp cp : checkpoints) {
                    if (cp.size() == tree.size() && cp.size() > a
                            && MessageDigest.isEqual(tree.root(), cp.checkpoint.rootHash())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Notes a torn last line, an unsigned tail, and a tail out of sequence. */
    void tailWarnings() {
        long signed = signedSize();
        long total = table.total;
        if (total <= signed) {
            return;
        }
        long whole = total;
        if ((table.lastFlags & TORN) != 0) {
            whole--;
            warnings.add("torn last line after the last checkpoint (" + location((int) Math.min(total - 1, lines))
                    + "): a write a crash interrupted; the writer cuts it when it next opens the log");
        }
        if (whole > signed) {
            warnings.add("unsigned tail: " + (whole - signed) + " record" + (whole - signed == 1 ? "" : "s")
                    + " after the last checkpoint (seq " + signed + " on) are not yet signed");
        }
        for (int i = (int) signed; i < Math.min(whole, lines); i++) {
            if (flags[i] != GOOD || seqs[i] != i) {
                warnings.add("the unsigned tail is out of sequence from " + location(i) + " on");
                break;
            }
        }
    }
}
