package dev.transferguard.audit;

import java.util.Objects;

/**
 * The first thing found wrong with an audit log: what kind of fault, at which record, where.
 *
 * @param kind     the kind of fault
 * @param seq      the sequence number (leaf index) of the record at fault, or -1 when the fault is in a
 *                 checkpoint rather than a record
 * @param location where: {@code <segment file>:<line>} for a record, the checkpoint's file for a checkpoint
 * @param message  one sentence for people, without personal data
 */
public record AuditFault(Kind kind, long seq, String location, String message) {

    /** The kinds of fault a verifier tells apart. */
    public enum Kind {
        /** A record's bytes were changed. */
        MODIFIED,
        /** A line that was never appended is in the log, e.g. a duplicated record. */
        INSERTED,
        /** Records are missing from the middle of the log. */
        DELETED,
        /** Records are in another order than they were appended in. */
        REORDERED,
        /** The log ends before the size a checkpoint signed, or a signed record was cut short. */
        TRUNCATED,
        /** Two signed checkpoints (or the log and a trusted checkpoint) disagree about the same records. */
        FORK,
        /** An earlier checkpoint is not a prefix of a later one that matches the log. */
        INCONSISTENT_CHECKPOINTS,
        /** A checkpoint's signature by a trusted key does not verify. */
        BAD_SIGNATURE,
        /** A checkpoint is signed by no trusted key. */
        UNKNOWN_KEY,
        /** A checkpoint file is not a well-formed signed checkpoint. */
        MALFORMED_CHECKPOINT,
        /** A checkpoint is for another log (another origin). */
        WRONG_ORIGIN,
        /** The log holds records but no checkpoint at all. */
        MISSING_CHECKPOINT,
        /**
         * More records follow the newest checkpoint, or over a longer time, than the log's writer can leave
         * unsigned: signed history whose checkpoints were removed (a rollback), or lines the writer never wrote.
         */
        UNSIGNED_TAIL,
        /**
         * The log's latest checkpoint lacks the quorum of valid witness cosignatures: the witnesses were not
         * asked, were down, or refused it (a fork or rollback they caught).
         */
        UNWITNESSED,
        /**
         * A witness cosigned a checkpoint that the log's records do not give: the log was rolled back or
         * rewritten after the witness saw it.
         */
        FORKED
    }

    /** Checks the parts. */
    public AuditFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** @return the kind, the place and the message on one line */
    @Override
    public String toString() {
        return kind + (seq >= 0 ? " at seq " + seq : "") + " (" + location + "): " + message;
    }
}
