package dev.transferguard.audit;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of the audit log, read back: a decision with the transfer it was about, or a note that
 * recovery cut a torn tail. Subject ids in {@link #transfer()} are the log's pseudonyms.
 *
 * @param seq          the sequence number, which is also the record's leaf index
 * @param origin       the log's origin
 * @param time         when the decision was made (or recovery ran)
 * @param kind         what the record is
 * @param transfer     the transfer decided; {@code null} for a recovery record
 * @param decision     the decision; {@code null} for a recovery record
 * @param policyDigest the digest of the policies that decided; {@code null} for a recovery record
 * @param caller       who asked, {@link Caller#NONE} when not recorded
 * @param recovery     what recovery cut; {@code null} for a decision record
 * @param location     where the record is, {@code <segment file>:<line>}
 * @param line         the record's line as stored, without its newline
 */
public record AuditRecord(long seq, String origin, Instant time, Kind kind, Transfer transfer, Decision decision,
                          String policyDigest, Caller caller, Recovery recovery, String location, String line) {

    /** What a record is. */
    public enum Kind {
        /** A decision on a transfer. */
        DECISION,
        /** A note that recovery cut a torn or broken tail when the log was opened. */
        RECOVERY
    }

    /**
     * What recovery cut when it opened the log: where and how much, never what it held.
     *
     * @param file   the segment that was truncated
     * @param offset the byte offset in it where the cut started
     * @param bytes  how many bytes were removed, over all segments
     * @param lines  how many lines they were
     * @param reason {@code torn}, {@code not-a-record} or {@code out-of-sequence}
     */
    public record Recovery(String file, long offset, long bytes, long lines, String reason) {
    }

    /** Checks the parts that every record has. */
    public AuditRecord {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(line, "line");
        if (kind == Kind.DECISION && (transfer == null || decision == null || policyDigest == null)) {
            throw new IllegalArgumentException("a decision record needs a transfer, a decision and a policy digest");
        }
        if (kind == Kind.RECOVERY && recovery == null) {
            throw new IllegalArgumentException("a recovery record needs its recovery details");
        }
    }
}
