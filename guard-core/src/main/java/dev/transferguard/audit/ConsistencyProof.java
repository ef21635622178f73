package dev.transferguard.audit;

import dev.transferguard.GuardException;
import dev.transferguard.audit.internal.proof.ConsistencyProofs;
import dev.transferguard.audit.internal.proof.ProofJson;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained proof that a log's latest checkpoint extends an older one: the log kept every record
 * the older checkpoint signed, unchanged and in order, and only added records after them (RFC 9162
 * section 2.1.4). An auditor who kept an old checkpoint checks it against a new one without the log.
 *
 * @param oldCheckpoint the older signed checkpoint
 * @param newCheckpoint the newer signed checkpoint
 * @param proof         the consistency proof's hashes, each 32 bytes
 */
public record ConsistencyProof(String oldCheckpoint, String newCheckpoint, List<byte[]> proof) {

    /** The value of the bundle's {@code format} key. */
    public static final String FORMAT = "transferguard-consistency-proof/1";

    /** Checks the parts and copies the hashes. */
    public ConsistencyProof {
        Objects.requireNonNull(oldCheckpoint, "oldCheckpoint");
        Objects.requireNonNull(newCheckpoint, "newCheckpoint");
        proof = proof.stream().map(byte[]::clone).toList();
    }

    /** @return copies of the proof's hashes */
    @Override
    public List<byte[]> proof() {
        return proof.stream().map(byte[]::clone).toList();
    }

    /**
     * Builds the proof from an older checkpoint to the log's latest one, from the log's records. The records
     * must give both checkpoints' roots; signatures are not checked here (that is the reader's job).
     *
     * @param directory     the log directory
     * @param oldCheckpoint an older signed checkpoint of the same log
     * @return the proof
     * @throws AuditException when the old checkpoint is malformed, newer than the latest, of another log, or
     *                        the records do not give both roots (the log was rewritten, or is another fork)
     */
    public static ConsistencyProof of(Path directory, String oldCheckpoint) {
        return ConsistencyProofs.build(directory, oldCheckpoint);
    }

    /**
     * Checks the proof: both checkpoints' signatures by trusted keys, the same origin, and that the newer
     * tree extends the older one.
     *
     * @param trusted the keys to trust
     * @return the newer checkpoint, verified
     * @throws AuditException when any check fails; the message says which
     */
    public VerifiedCheckpoint verify(Collection<VerifierKey> trusted) {
        return ConsistencyProofs.check(this, trusted);
    }

    /** @return the bundle as one JSON object, the form {@link #fromJson(String)} reads */
    public String toJson() {
        return ProofJson.toJson(this);
    }

    /**
     * Reads a bundle written by {@link #toJson()}.
     *
     * @param json the bundle
     * @return the proof, not yet verified
     * @throws GuardException when the text is not such a bundle
     */
    public static ConsistencyProof fromJson(String json) {
        return ProofJson.consistencyFromJson(json);
    }
}
