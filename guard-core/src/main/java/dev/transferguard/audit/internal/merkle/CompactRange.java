package dev.transferguard.audit.internal.merkle;

/**
 * The RFC 6962 accumulator: the root of a growing tree kept in O(log n) memory, as the roots of the
 * perfect subtrees that make up the tree, one per set bit of the size. Every incremental root in the audit
 * code is computed here: the writer's, recovery's, the verifier's, and {@link MerkleTree}'s.
 *
 * <p>Besides single leaves, it takes a whole perfect subtree at once when the size is a multiple of it, so
 * that a caller who hashed aligned groups of leaves elsewhere (on other threads) adds each in one step.
 *
 * <p>Not thread-safe.
 */
public final class CompactRange {

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;
    /** Where the node being carried up sits in {@link #nodes}, after the 64 of the range. */
    private static final int CARRY = Long.SIZE * HASH;
    /** Where a root is accumulated, after the carry. */
    private static final int ACC = CARRY + HASH;

    private final Rfc6962Hasher hasher = new Rfc6962Hasher();
    // The range (the root of the perfect subtree of 2^h leaves at h * HASH when bit h of size is set), the
    // carry and the accumulator share one array, so that every node is hashed by one method of the hasher,
    // which the JIT then compiles once.
    private final byte[] nodes = new byte[ACC + HASH];
    private long size;

    /** Creates the range of the empty tree. */
    public CompactRange() {
    }

    /** @return the number of leaves */
    public long size() {
        return size;
    }

    /** Forgets every leaf: the range of the empty tree again. */
    public void reset() {
        size = 0;
    }

    /**
     * Appends a leaf by its hash.
     *
     * @param leafHash holds the leaf hash
     * @param off      where it starts
     */
    public void append(byte[] leafHash, int off) {
        appendSubtree(leafHash, off, 0);
    }

    /**
     * Appends the 2<sup>height</sup> leaves under one root.
     *
     * @param root   holds the root of a perfect subtree
     * @param off    where it starts
     * @param height the subtree's height; the size must be a multiple of 2<sup>height</sup>
     * @throws IllegalArgumentException when the subtree would not be aligned
     */
    public void appendSubtree(byte[] root, int off, int height) {
        if ((size & ((1L << height) - 1)) != 0) {
            throw new IllegalArgumentException("a subtree of height " + height + " cannot follow " + size + " leaves");
        }
        System.arraycopy(root, off, nodes, CARRY, HASH);
        int h = height;
        for (long s = size >>> height; (s & 1) != 0; s >>>= 1) {
            hasher.hashChildren(nodes, h * HASH, CARRY, nodes, CARRY);
            h++;
        }
        System.arraycopy(nodes, CARRY, nodes, h * HASH, HASH);
        size += 1L << height;
    }

    /**
     * Appends this range's subtrees, largest first, to another range: the leaves of this tree after those
     * of the other.
     *
     * @param other a range whose size is a multiple of this range's largest subtree
     */
    public void appendTo(CompactRange other) {
        for (int h = Long.SIZE - 1 - Long.numberOfLeadingZeros(size); h >= 0; h--) {
            if ((size & (1L << h)) != 0) {
                other.appendSubtree(nodes, h * HASH, h);
            }
        }
    }

    /**
     * @return an independent range with the same leaves
     */
    public CompactRange copy() {
        CompactRange c = new CompactRange();
        System.arraycopy(nodes, 0, c.nodes, 0, CARRY);
        c.size = size;
        return c;
    }

    /**
     * The root of the tree as it is now.
     *
     * @return a new array; SHA-256("") for the empty tree
     */
    public byte[] root() {
        byte[] out = new byte[HASH];
        rootInto(out, 0);
        return out;
    }

    /**
     * Writes the root of the tree as it is now into a caller's buffer.
     *
     * @param out    receives the root; SHA-256("") for the empty tree
     * @param outOff where it goes
     */
    public void rootInto(byte[] out, int outOff) {
        if (size == 0) {
            System.arraycopy(Rfc6962Hasher.emptyRoot(), 0, out, outOff, HASH);
            return;
        }
        int lowest = Long.numberOfTrailingZeros(size);
        System.arraycopy(nodes, lowest * HASH, nodes, ACC, HASH);
        for (int h = lowest + 1; h < Long.SIZE - Long.numberOfLeadingZeros(size); h++) {
            if ((size & (1L << h)) != 0) {
                hasher.hashChildren(nodes, h * HASH, ACC, nodes, ACC);
            }
        }
        System.arraycopy(nodes, ACC, out, outOff, HASH);
    }

}
