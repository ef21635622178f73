package dev.transferguard.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying an audit log: intact or the first fault, with warnings either way.
 *
 * @param origin           the log's origin
 * @param records          how many whole records the log holds
 * @param signedRecords    how many of them the latest valid checkpoint signs
 * @param latestCheckpoint the latest checkpoint whose signature verified, or {@code null} when there is none
 * @param signers          the trusted keys that signed it, as {@code name+keyid}
 * @param fault            the first fault, or {@code null} when everything signed is intact
 * @param warnings         what does not make the log fail but deserves attention: an unsigned tail, a torn
 *                         last line after the last checkpoint, a stale {@code checkpoint} file
 * @param cosigned         how many of the log's checkpoints carry a quorum of valid witness cosignatures (0
 *                         when no witness is trusted)
 */
public record AuditVerification(String origin, long records, long signedRecords, Checkpoint latestCheckpoint,
                                List<String> signers, AuditFault fault, List<String> warnings, long cosigned) {

    /** Copies the lists. */
    public AuditVerification {
        Objects.requireNonNull(origin, "origin");
        signers = List.copyOf(signers);
        warnings = List.copyOf(warnings);
    }

    /**
     * A result without witnesses.
     *
     * @param origin           the log's origin
     * @param records          how many whole records the log holds
     * @param signedRecords    how many the latest valid checkpoint signs
     * @param latestCheckpoint the latest valid checkpoint, or {@code null}
     * @param signers          who signed it
     * @param fault            the first fault, or {@code null}
     * @param warnings         the warnings
     */
    public AuditVerification(String origin, long records, long signedRecords, Checkpoint latestCheckpoint,
                             List<String> signers, AuditFault fault, List<String> warnings) {
        this(origin, records, signedRecords, latestCheckpoint, signers, fault, warnings, 0);
    }

    /** @return whether every signed record and checkpoint is intact */
    public boolean intact() {
        return fault == null;
    }

    /** @return the first fault, if any */
    public Optional<AuditFault> firstFault() {
        return Optional.ofNullable(fault);
    }
}
