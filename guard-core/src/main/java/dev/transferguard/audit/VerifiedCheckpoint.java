package dev.transferguard.audit;

import java.util.List;
import java.util.Objects;

/**
 * A checkpoint whose signature by at least one trusted key verified.
 *
 * @param checkpoint     the checkpoint
 * @param verifiedBy     the trusted keys whose signatures verified, in note order, at least one
 * @param unknownSigners the other signatures, by keys not trusted here, as {@code name+<8 hex key id>};
 *                       during a key rotation these are usually the other key of the overlap
 */
public record VerifiedCheckpoint(Checkpoint checkpoint, List<VerifierKey> verifiedBy, List<String> unknownSigners) {

    /**
     * Checks the parts and copies the lists.
     *
     * @param checkpoint     the checkpoint
     * @param verifiedBy     the trusted keys that verified, at least one
     * @param unknownSigners the signers not trusted here
     */
    public VerifiedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        verifiedBy = List.copyOf(verifiedBy);
        unknownSigners = List.copyOf(unknownSigners);
        if (verifiedBy.isEmpty()) {
            throw new IllegalArgumentException("a verified checkpoint needs at least one trusted signature");
        }
    }
}
