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
 */
public record AuditVerification(String origin, long records, long signedRecords, Checkpoint latestCheckpoint,
                                List<String> signers, AuditFault fault, List<String> warnings) {

    /** Copies the lists. */
    public AuditVerification {
        Objects.requireNonNull(origin, "origin");
        signers = List.copyOf(signers);
        warnings = List.copyOf(warnings);
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
