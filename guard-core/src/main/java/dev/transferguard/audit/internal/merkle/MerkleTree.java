package dev.transferguard.audit.internal.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only RFC 6962 / RFC 9162 Merkle tree over the audit log's records.
 *
 * <p>The current root is kept in {@link CompactRange}s (the whole cached subtrees below, and the leaves
 * after them), so an append costs O(1) amortised hashes and the root O(log n).
 * Every leaf hash is also kept, which lets the tree answer for any earlier size: its root, inclusion
 * proofs and consistency proofs (RFC 9162 section 2.1). To keep those cheap on large trees, the roots
 * of the complete aligned subtrees of {@value #CACHED_LEAVES} leaves are kept too (1/256 of the leaf
 * store), so a proof hashes O(n/256 + 256 log n) nodes rather than O(n).
 *
 * <p>Not thread-safe: the log appends from one writer and hands out proofs under its own lock.
 */
public final class MerkleTree {

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;
    private static final int CACHED_HEIGHT = 8;
    private static final long CACHED_LEAVES = 1L << CACHED_HEIGHT;

    private final Rfc6962Hasher hasher = new Rfc6962Hasher();
    private final HashArray leaves = new HashArray();
    private final HashArray cachedSubtrees = new HashArray();
    /** The whole cached subtrees, as one tree. */
    private final CompactRange blocks = new CompactRange();
    /** The leaves after the last whole cached subtree. */
    private final CompactRange tail = new CompactRange();
    private final byte[] carry = new byte[HASH];
    private long size;

    /** Creates an empty tree. */
    public MerkleTree() {
    }

    /** @return the number of leaves */
    public long size() {
        return size;
    }

    /**
     * Appends a leaf given its data: the tree stores SHA-256(0x00 || data).
     *
     * @param data the leaf's bytes (for the audit log: one record line without its newline)
     * @return the new leaf's index
     */
    public long appendData(byte[] data) {
        return appendData(data, 0, data.length);
    }

    /**
     * Appends a leaf given its data as a slice of a larger buffer.
     *
     * @param data holds the leaf's bytes
     * @param off  where they start
     * @param len  how many there are
     * @return the new leaf's index
     */
    public long appendData(byte[] data, int off, int len) {
        hasher.hashLeaf(data, off, len, carry, 0);
        return appendCarry();
    }

    /**
     * Appends a leaf given its leaf hash, e.g. when rebuilding the tree from hashes already computed.
     *
     * @param leafHash the leaf hash, {@value Rfc6962Hasher#HASH_SIZE} bytes
     * @return the new leaf's index
     */
    public long appendLeafHash(byte[] leafHash) {
        requireHash(leafHash, "leaf hash");
        System.arraycopy(leafHash, 0, carry, 0, HASH);
        return appendCarry();
    }

    private long appendCarry() {
        long index = size;
        leaves.append(carry, 0);
        tail.append(carry, 0);
        if (tail.size() == CACHED_LEAVES) {
            // A perfect tree's root is its range's only node: taking it hashes nothing.
            tail.rootInto(carry, 0);
            cachedSubtrees.append(carry, 0);
            blocks.appendSubtree(carry, 0, CACHED_HEIGHT);
            tail.reset();
        }
        size++;
        return index;
    }

    /**
     * The root hash of the tree as it is now.
     *
     * @return a new array; SHA-256("") for the empty tree
     */
    public byte[] root() {
        if (tail.size() == 0) {
            return blocks.root();
        }
        CompactRange whole = blocks.copy();
        tail.appendTo(whole);
        return whole.root();
    }

    /**
     * The root hash the tree had when it held {@code treeSize} leaves.
     *
     * @param treeSize {@code 0 <= treeSize <= size()}
     * @return a new array
     */
    public byte[] root(long treeSize) {
        checkSize(treeSize, "tree size");
        if (treeSize == size) {
            return root();
        }
        return treeSize == 0 ? Rfc6962Hasher.emptyRoot() : hashRange(0, treeSize);
    }

    /**
     * @param index {@code 0 <= index < size()}
     * @return a copy of the leaf hash at {@code index}
     */
    public byte[] leafHash(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is outside the tree of size " + size);
        }
        return leaves.get(index);
    }

    /**
     * The inclusion proof (audit path) of one leaf in the tree of an earlier or the current size,
     * RFC 9162 section 2.1.3.1.
     *
     * @param index    the leaf, {@code 0 <= index < treeSize}
     * @param treeSize the tree size the proof is for, {@code <= size()}
     * @return the proof's hashes, from the leaf's sibling up to the root's children
     */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        checkSize(treeSize, "tree size");
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf index " + index + " is outside the tree of size " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>(Long.SIZE);
        path(index, 0, treeSize, proof);
        return proof;
    }

    private void path(long m, long start, long n, List<byte[]> proof) {
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, k, proof);
            proof.add(hashRange(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, proof);
            proof.add(hashRange(start, k));
        }
    }

    /**
     * The consistency proof between two sizes of the tree, RFC 9162 section 2.1.4.1.
     *
     * @param size1 the older size, {@code 1 <= size1 <= size2}
     * @param size2 the newer size, {@code <= size()}
     * @return the proof's hashes; empty when the sizes are equal
     */
    public List<byte[]> consistencyProof(long size1, long size2) {
        checkSize(size2, "second tree size");
        if (size1 < 1 || size1 > size2) {
            // From the empty tree there is nothing to prove: every tree extends it.
            throw new IllegalArgumentException("first tree size " + size1 + " must be between 1 and " + size2);
        }
        List<byte[]> proof = new ArrayList<>(Long.SIZE);
        if (size1 < size2) {
            subproof(size1, 0, size2, true, proof);
        }
        return proof;
    }

    private void subproof(long m, long start, long n, boolean complete, List<byte[]> proof) {
        if (m == n) {
            if (!complete) {
                proof.add(hashRange(start, n));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, k, complete, proof);
            proof.add(hashRange(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, proof);
            proof.add(hashRange(start, k));
        }
    }

    /** MTH of the leaves [start, start + n), n >= 1, by the recursive definition of RFC 9162. */
    private byte[] hashRange(long start, long n) {
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return perfectSubtree(start, n);
        }
        long k = largestPowerOfTwoBelow(n);
        return hasher.hashChildren(hashRange(start, k), hashRange(start + k, n - k));
    }

    private byte[] perfectSubtree(long start, long n) {
        if (n == 1) {
            return leaves.get(start);
        }
        if (n == CACHED_LEAVES) {
            return cachedSubtrees.get(start >>> CACHED_HEIGHT);
        }
        long half = n >>> 1;
        return hasher.hashChildren(perfectSubtree(start, half), perfectSubtree(start + half, half));
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private void checkSize(long treeSize, String what) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException(what + " " + treeSize + " must be between 0 and " + size);
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != HASH) {
            throw new IllegalArgumentException(what + " must be " + HASH + " bytes, got "
                    + (hash == null ? "none" : hash.length));
        }
    }
}
