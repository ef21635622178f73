package dev.transferguard.audit;

import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint of the audit log: the log's origin name, its size and the Merkle root hash at that
 * size, in the C2SP {@code tlog-checkpoint} format. Signed, it is a signed note:
 *
 * <pre>
 * example.com/audit
 * 5
 * Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=
 *
 * — example.com/audit V4QKDFDI...
 * </pre>
 *
 * <p>The record copies the root hash in and out, so a checkpoint cannot be changed after it is made.
 *
 * @param origin     the log's origin line, e.g. {@code example.com/audit}: non-empty, one line
 * @param treeSize   the number of records the root covers
 * @param rootHash   the RFC 6962 root hash, 32 bytes
 * @param extensions further body lines, kept as they are; usually empty
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, List<String> extensions) {

    /**
     * Checks and copies the parts.
     *
     * @param origin     the log's origin line
     * @param treeSize   the number of records, not negative
     * @param rootHash   the root hash, 32 bytes
     * @param extensions further body lines, each non-empty and without control characters
     */
    public Checkpoint {
        CheckpointText.requireLine(origin, "origin");
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
        }
        Objects.requireNonNull(rootHash, "rootHash");
        if (rootHash.length != CheckpointText.HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be " + CheckpointText.HASH_SIZE + " bytes, not "
                    + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        extensions.forEach(line -> CheckpointText.requireLine(line, "extension line"));
    }

    /**
     * A checkpoint without extension lines.
     *
     * @param origin   the log's origin line
     * @param treeSize the number of records the root covers
     * @param rootHash the root hash, 32 bytes
     */
    public Checkpoint(String origin, long treeSize, byte[] rootHash) {
        this(origin, treeSize, rootHash, List.of());
    }

    /** @return a copy of the 32-byte root hash */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** @return the root hash in standard base64, as in the note */
    public String rootHashBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    /** @return the note body: {@code origin\nsize\nbase64 root\n} and the extension lines, each ending in a newline */
    public String body() {
        return CheckpointText.format(this);
    }

    /**
     * Signs the checkpoint with one key.
     *
     * @param key the signing key
     * @return the signed note text
     */
    public String sign(SigningKey key) {
        return sign(List.of(key));
    }

    /**
     * Signs the checkpoint with several keys, e.g. the old and the new key during a rotation.
     *
     * @param keys 1 to 100 distinct keys; the signature lines follow their order
     * @return the signed note text
     */
    public String sign(List<SigningKey> keys) {
        return SignedNote.sign(body(), keys);
    }

    /**
     * Parses a signed checkpoint and checks its signatures against the trusted keys. Signatures by
     * keys not trusted here are allowed (listed in the result) as long as one trusted key verified.
     *
     * @param note    the signed note, UTF-8
     * @param trusted the keys to trust
     * @return the checkpoint and who verified it
     * @throws CheckpointException when the note is malformed ({@link CheckpointException.Fault#MALFORMED}),
     *                             no signature is by a trusted key ({@code UNKNOWN_KEY}), or a signature by a
     *                             trusted key does not verify ({@code BAD_SIGNATURE})
     */
    public static VerifiedCheckpoint verify(byte[] note, Collection<VerifierKey> trusted) {
        SignedNote parsed = SignedNote.parse(note);
        SignedNote.Verification verification = parsed.verify(trusted);
        Checkpoint checkpoint = CheckpointText.parse(parsed.text());
        return new VerifiedCheckpoint(checkpoint, verification.verifiedBy(), verification.unknownSigners());
    }

    /**
     * Like {@link #verify(byte[], Collection)} for a note already in a string.
     *
     * @param note    the signed note
     * @param trusted the keys to trust
     * @return the checkpoint and who verified it
     * @throws CheckpointException as for {@link #verify(byte[], Collection)}
     */
    public static VerifiedCheckpoint verify(String note, Collection<VerifierKey> trusted) {
        return verify(note.getBytes(StandardCharsets.UTF_8), trusted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && origin.equals(other.origin) && treeSize == other.treeSize
                && java.security.MessageDigest.isEqual(rootHash, other.rootHash) && extensions.equals(other.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", treeSize=" + treeSize + ", rootHash="
                + HexFormat.of().formatHex(rootHash) + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + "]";
    }
}
