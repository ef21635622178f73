package dev.transferguard.audit.internal;

/**
 * The root of a growing RFC 6962 tree kept in O(log n) memory: the roots of the perfect subtrees that
 * make up the tree, one per set bit of the size. The writer and the verifier only ever need the root of
 * the tree as it grows, never proofs, so they use this rather than a {@link MerkleTree} that keeps every
 * leaf.
 *
 * <p>Not thread-safe.
 */
public final class CompactRange {

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;

    private final Rfc6962Hasher hasher = new Rfc6962Hasher();
    private final byte[][] range = new byte[Long.SIZE][HASH];
    private final byte[] carry = new byte[HASH];
    private long size;

    /** Creates the range of the empty tree. */
    public CompactRange() {
    }

    /** @return the number of leaves */
    public long size() {
        return size;
    }

    /**
     * Appends a leaf by its hash.
     *
     * @param leafHash holds the leaf hash
     * @param off      where it starts
     */
    public void append(byte[] leafHash, int off) {
        System.arraycopy(leafHash, off, carry, 0, HASH);
        int height = 0;
        for (long s = size; (s & 1) != 0; s >>>= 1) {
            hasher.hashChildren(range[height], carry, carry);
            height++;
        }
        System.arraycopy(carry, 0, range[height], 0, HASH);
        size++;
    }

    /**
     * The root of the tree as it is now.
     *
     * @return a new array; SHA-256("") for the empty tree
     */
    public byte[] root() {
        if (size == 0) {
            return Rfc6962Hasher.emptyRoot();
        }
        int lowest = Long.numberOfTrailingZeros(size);
        byte[] acc = range[lowest].clone();
        for (int h = lowest + 1; h < Long.SIZE - Long.numberOfLeadingZeros(size); h++) {
            if ((size & (1L << h)) != 0) {
                hasher.hashChildren(range[h], acc, acc);
            }
        }
        return acc;
    }
}
