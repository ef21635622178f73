package dev.transferguard.audit;

import dev.transferguard.GuardException;
import dev.transferguard.audit.internal.proof.InclusionProofs;
import dev.transferguard.audit.internal.proof.ProofJson;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained proof that one record is in an audit log: the record's line, its leaf index, the
 * RFC 9162 inclusion proof and the signed checkpoint it leads to. Whoever trusts the log's public key can
 * check it without the rest of the log ({@code docs/audit-log.md}, "Proving one record").
 *
 * @param origin         the log's origin
 * @param leafIndex      the record's sequence number, its leaf index
 * @param record         the record's line as stored, without its newline
 * @param treeSize       the size of the tree the checkpoint signs
 * @param inclusionProof the audit path from the record's leaf to the root, each hash 32 bytes
 * @param checkpoint     the signed checkpoint, as in the log's {@code checkpoint} file
 */
public record InclusionProof(String origin, long leafIndex, String record, long treeSize, List<byte[]> inclusionProof,
                             String checkpoint) {

    /** The value of the bundle's {@code format} key. */
    public static final String FORMAT = "transferguard-inclusion-proof/1";

    /** Checks the parts and copies the hashes. */
    public InclusionProof {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(checkpoint, "checkpoint");
        inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
    }

    /** @return copies of the proof's hashes */
    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }

    /**
     * Builds the proof of one record against the log's latest checkpoint. The log's records must give the
     * checkpoint's root; its signature is not checked here (that is the proof's reader's job).
     *
     * @param directory the log directory
     * @param seq       the record's sequence number
     * @return the proof
     * @throws AuditException when the record is not covered by the latest checkpoint, or the log does not
     *                        match its checkpoint, or cannot be read
     */
    public static InclusionProof of(Path directory, long seq) {
        return InclusionProofs.build(directory, seq);
    }

    /**
     * Checks the proof: the checkpoint's signature by a trusted key, its origin and size, the record's own
     * origin and sequence number, and that the inclusion proof leads from the record to the signed root.
     *
     * @param trusted the keys to trust
     * @return the verified checkpoint
     * @throws AuditException when any check fails; the message says which
     */
    public VerifiedCheckpoint verify(Collection<VerifierKey> trusted) {
        return InclusionProofs.check(this, trusted);
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
    public static InclusionProof fromJson(String json) {
        return ProofJson.inclusionFromJson(json);
    }
}
