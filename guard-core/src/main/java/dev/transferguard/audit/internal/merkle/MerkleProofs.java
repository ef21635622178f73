package dev.transferguard.audit.internal.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verification of RFC 9162 inclusion proofs (section 2.1.3.2) and consistency proofs (section
 * 2.1.4.2). A verifier trusts nothing it is given: sizes are checked (a negative {@code long} here is
 * an unsigned size above 2^63 - 1, which no log of ours can reach), every hash must be 32 bytes, and the
 * proof must have exactly the length the sizes call for.
 */
public final class MerkleProofs {

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;

    private MerkleProofs() {
    }

    /**
     * Checks that a leaf is in a tree.
     *
     * @param leafIndex the leaf's index
     * @param treeSize  the size of the tree the root belongs to
     * @param leafHash  the leaf hash, SHA-256(0x00 || data)
     * @param proof     the audit path, as built by {@link MerkleTree#inclusionProof}; {@code null} means empty
     * @param root      the tree's root hash
     * @throws InvalidProofException when the proof does not show the leaf at that index under that root
     */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                       byte[] root) {
        byte[] computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
        requireHash(root, "root hash");
        if (!MessageDigest.isEqual(computed, root)) {
            throw new InvalidProofException("inclusion proof for leaf " + leafIndex + " in tree of size " + treeSize
                    + " leads to a different root hash");
        }
    }

    /**
     * Like {@link #verifyInclusion}, as a yes or no.
     *
     * @param leafIndex the leaf's index
     * @param treeSize  the size of the tree the root belongs to
     * @param leafHash  the leaf hash
     * @param proof     the audit path
     * @param root      the tree's root hash
     * @return whether the proof holds
     */
    public static boolean isValidInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
                                           byte[] root) {
        try {
            verifyInclusion(leafIndex, treeSize, leafHash, proof, root);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    /**
     * The root hash an inclusion proof leads to, RFC 9162 section 2.1.3.2 steps 1 to 4 plus the check
     * that the path was used up exactly.
     *
     * @param leafIndex the leaf's index
     * @param treeSize  the tree size
     * @param leafHash  the leaf hash
     * @param proof     the audit path; {@code null} means empty
     * @return the root hash the path leads to
     * @throws InvalidProofException when the inputs cannot form a proof
     */
    public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) {
        if (treeSize < 0 || leafIndex < 0) {
            throw new InvalidProofException("leaf index and tree size must be between 0 and 2^63-1");
        }
        if (leafIndex >= treeSize) {
            throw new InvalidProofException("leaf index " + leafIndex + " is not below the tree size " + treeSize);
        }
        requireHash(leafHash, "leaf hash");
        List<byte[]> path = proof == null ? List.of() : proof;
        requireHashes(path);

        Rfc6962Hasher hasher = new Rfc6962Hasher();
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash.clone();
        for (byte[] p : path) {
            if (sn == 0) {
                throw new InvalidProofException("inclusion proof is longer than a tree of size " + treeSize + " needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                hasher.hashChildren(p, r, r);
                if ((fn & 1) == 0) {
                    do {
                        fn >>>= 1;
                        sn >>>= 1;
                    } while ((fn & 1) == 0 && fn != 0);
                }
            } else {
                hasher.hashChildren(r, p, r);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("inclusion proof is shorter than a tree of size " + treeSize + " needs");
        }
        return r;
    }

    /**
     * Checks that a tree of size {@code size2} extends the tree of size {@code size1}: same leaves, more
     * of them.
     *
     * @param size1 the older tree's size
     * @param size2 the newer tree's size
     * @param root1 the older tree's root hash
     * @param root2 the newer tree's root hash
     * @param proof the consistency proof, as built by {@link MerkleTree#consistencyProof}; {@code null} means empty
     * @throws InvalidProofException when the proof does not show that
     */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        List<byte[]> path = proof == null ? List.of() : proof;
        if (size1 < 0 || size2 < 0) {
            throw new InvalidProofException("tree sizes must be between 0 and 2^63-1");
        }
        if (size2 < size1) {
            throw new InvalidProofException("second tree size " + size2 + " is smaller than the first " + size1);
        }
        if (size1 == size2) {
            verifySameTree(size1, root1, root2, path);
            return;
        }
        if (size1 == 0) {
            throw new InvalidProofException("a consistency proof from the empty tree proves nothing");
        }
        if (path.isEmpty()) {
            throw new InvalidProofException("consistency proof from size " + size1 + " to " + size2 + " is empty");
        }
        requireHash(root1, "first root hash");
        requireHash(root2, "second root hash");
        requireHashes(path);

        Rfc6962Hasher hasher = new Rfc6962Hasher();
        int next = 0;
        byte[] first;
        if (Long.bitCount(size1) == 1) {
            // The old tree is a perfect subtree of the new one: its root is the first node of the path.
            first = root1;
        } else {
            first = path.get(next++);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = first.clone();
        byte[] sr = first.clone();
        for (; next < path.size(); next++) {
            byte[] c = path.get(next);
            if (sn == 0) {
                throw new InvalidProofException("consistency proof is longer than sizes " + size1 + " and " + size2
                        + " need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                hasher.hashChildren(c, fr, fr);
                hasher.hashChildren(c, sr, sr);
                if ((fn & 1) == 0) {
                    do {
                        fn >>>= 1;
                        sn >>>= 1;
                    } while ((fn & 1) == 0 && fn != 0);
                }
            } else {
                hasher.hashChildren(sr, c, sr);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("consistency proof is shorter than sizes " + size1 + " and " + size2
                    + " need");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new InvalidProofException("consistency proof leads to a different root hash for size " + size1);
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw new InvalidProofException("consistency proof leads to a different root hash for size " + size2);
        }
    }

    /**
     * Like {@link #verifyConsistency}, as a yes or no.
     *
     * @param size1 the older tree's size
     * @param size2 the newer tree's size
     * @param root1 the older tree's root hash
     * @param root2 the newer tree's root hash
     * @param proof the consistency proof
     * @return whether the proof holds
     */
    public static boolean isValidConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        try {
            verifyConsistency(size1, size2, root1, root2, proof);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    private static void verifySameTree(long size, byte[] root1, byte[] root2, List<byte[]> path) {
        if (!path.isEmpty()) {
            throw new InvalidProofException("tree sizes are equal (" + size + ") but the consistency proof is not empty");
        }
        if (root1 == null || root2 == null || !MessageDigest.isEqual(root1, root2)) {
            throw new InvalidProofException("tree sizes are equal (" + size + ") but the root hashes differ");
        }
        // The empty tree has exactly one root; any other value is a claim about leaves it does not have.
        if (size == 0 && !MessageDigest.isEqual(root1, Rfc6962Hasher.emptyRoot())) {
            throw new InvalidProofException("root hash of the empty tree must be SHA-256 of the empty string");
        }
    }

    private static void requireHashes(List<byte[]> path) {
        for (int i = 0; i < path.size(); i++) {
            byte[] p = path.get(i);
            if (p == null || p.length != HASH) {
                throw new InvalidProofException("proof hash " + i + " has " + (p == null ? 0 : p.length)
                        + " bytes, expected " + HASH);
            }
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != HASH) {
            throw new InvalidProofException(what + " has " + (hash == null ? 0 : hash.length) + " bytes, expected "
                    + HASH);
        }
    }
}
