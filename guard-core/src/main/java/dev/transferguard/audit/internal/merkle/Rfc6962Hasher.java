package dev.transferguard.audit.internal.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 6962 / RFC 9162 hash functions: leaf hash = SHA-256(0x00 || data), node hash =
 * SHA-256(0x01 || left || right). The distinct prefixes keep a leaf from ever being taken for a node.
 *
 * <p>One instance reuses one {@link MessageDigest} and can write into caller-owned buffers, so that
 * hashing a large tree does not allocate per node. Not thread-safe: use one instance per thread.
 */
public final class Rfc6962Hasher {

    /** The size in bytes of every hash: SHA-256. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private static final byte[] EMPTY_ROOT = new Rfc6962Hasher().digest.digest();

    private final MessageDigest digest;

    /** Creates a hasher with its own SHA-256 instance. */
    public Rfc6962Hasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The root hash of the empty tree: SHA-256 of the empty string.
     *
     * @return a new array of {@link #HASH_SIZE} bytes
     */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /**
     * Hashes a leaf.
     *
     * @param data the leaf's bytes
     * @return SHA-256(0x00 || data), a new array
     */
    public byte[] hashLeaf(byte[] data) {
        byte[] out = new byte[HASH_SIZE];
        hashLeaf(data, 0, data.length, out, 0);
        return out;
    }

    /**
     * Hashes a leaf into a caller's buffer.
     *
     * @param data   holds the leaf's bytes
     * @param off    where they start
     * @param len    how many there are
     * @param out    receives the hash
     * @param outOff where the hash goes in {@code out}
     */
    public void hashLeaf(byte[] data, int off, int len, byte[] out, int outOff) {
        digest.update(LEAF_PREFIX);
        digest.update(data, off, len);
        finish(out, outOff);
    }

    /**
     * Hashes an interior node.
     *
     * @param left  the left child's hash
     * @param right the right child's hash
     * @return SHA-256(0x01 || left || right), a new array
     */
    public byte[] hashChildren(byte[] left, byte[] right) {
        byte[] out = new byte[HASH_SIZE];
        hashChildren(left, right, out);
        return out;
    }

    /**
     * Hashes an interior node into a caller's buffer, which may be one of the inputs.
     *
     * @param left  the left child's hash ({@link #HASH_SIZE} bytes at offset 0)
     * @param right the right child's hash ({@link #HASH_SIZE} bytes at offset 0)
     * @param out   receives the hash at offset 0
     */
    public void hashChildren(byte[] left, byte[] right, byte[] out) {
        digest.update(NODE_PREFIX);
        digest.update(left, 0, HASH_SIZE);
        digest.update(right, 0, HASH_SIZE);
        finish(out, 0);
    }

    /**
     * Hashes an interior node whose children lie in one buffer, into a buffer that may be the same one
     * (the result is written after both children are read).
     *
     * @param src      holds both children
     * @param leftOff  where the left child's hash starts
     * @param rightOff where the right child's hash starts
     * @param out      receives the hash
     * @param outOff   where the hash goes in {@code out}
     */
    public void hashChildren(byte[] src, int leftOff, int rightOff, byte[] out, int outOff) {
        digest.update(NODE_PREFIX);
        digest.update(src, leftOff, HASH_SIZE);
        digest.update(src, rightOff, HASH_SIZE);
        finish(out, outOff);
    }

    private void finish(byte[] out, int outOff) {
        try {
            digest.digest(out, outOff, HASH_SIZE);
        } catch (DigestException e) {
            // Only thrown for a buffer too small, which callers rule out.
            throw new IllegalArgumentException("no room for a hash in the output buffer", e);
        }
    }
}
