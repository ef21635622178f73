package dev.transferguard.audit.internal.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link MerkleTree} and {@link MerkleProofs} on random trees, against a reference
 * root computed straight from the recursive definition in RFC 9162 section 2.1.1.
 */
class MerkleTreePropertyTest {

    @Provide
    Arbitrary<List<byte[]>> leaves() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<byte[]>> smallTrees() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(64);
    }

    @Property(tries = 200)
    void incrementalRootEqualsRecursiveRoot(@ForAll("leaves") List<byte[]> data) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < data.size(); i++) {
            assertArrayEquals(referenceRoot(data.subList(0, i)), tree.root(), "root at size " + i);
            assertEquals(i, tree.appendData(data.get(i)));
        }
        assertArrayEquals(referenceRoot(data), tree.root());
        for (int m = 0; m <= data.size(); m++) {
            assertArrayEquals(referenceRoot(data.subList(0, m)), tree.root(m), "earlier root at size " + m);
        }
    }

    @Property(tries = 40)
    void rootsPastTheCachedSubtreesMatch(@ForAll @IntRange(min = 258, max = 1100) int size) {
        List<byte[]> data = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < size; i++) {
            byte[] leaf = {(byte) i, (byte) (i >>> 8), (byte) size};
            data.add(leaf);
            tree.appendData(leaf);
        }
        for (int m : new int[] {size, size - 1, size / 2 + 1, 256, 257, 255}) {
            assertArrayEquals(referenceRoot(data.subList(0, m)), tree.root(m), "root at size " + m);
        }
        for (long i : new long[] {0, 255, 256, size - 1}) {
            List<byte[]> proof = tree.inclusionProof(i, size);
            MerkleProofs.verifyInclusion(i, size, tree.leafHash(i), proof, tree.root());
        }
        MerkleProofs.verifyConsistency(300 % size + 1, size, tree.root(300 % size + 1), tree.root(),
                tree.consistencyProof(300 % size + 1, size));
    }

    @Property(tries = 100)
    void inclusionProofsVerifyForEveryLeaf(@ForAll("smallTrees") List<byte[]> data) {
        // Two equal leaves side by side would make a proof valid for both indexes, rightly so.
        MerkleTree tree = build(distinct(data));
        int n = data.size();
        for (int size = 1; size <= n; size++) {
            byte[] root = tree.root(size);
            for (int i = 0; i < size; i++) {
                byte[] leaf = tree.leafHash(i);
                List<byte[]> proof = tree.inclusionProof(i, size);
                MerkleProofs.verifyInclusion(i, size, leaf, proof, root);

                byte[] wrongLeaf = leaf.clone();
                wrongLeaf[i % 32] ^= 1;
                assertFalse(MerkleProofs.isValidInclusion(i, size, wrongLeaf, proof, root), "wrong leaf");
                if (size > 1) {
                    long other = (i + 1) % size;
                    assertFalse(MerkleProofs.isValidInclusion(other, size, leaf, proof, root), "wrong index");
                }
            }
        }
    }

    @Property(tries = 60)
    void consistencyProofsVerifyForEveryPair(@ForAll("smallTrees") List<byte[]> data) {
        MerkleTree tree = build(data);
        int n = data.size();
        for (int size2 = 1; size2 <= n; size2++) {
            byte[] root2 = tree.root(size2);
            for (int size1 = 1; size1 <= size2; size1++) {
                byte[] root1 = tree.root(size1);
                List<byte[]> proof = tree.consistencyProof(size1, size2);
                MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof);

                assertFalse(MerkleProofs.isValidConsistency(size1, size2, flip(root1), root2, proof),
                        "modified first root");
                assertFalse(MerkleProofs.isValidConsistency(size1, size2, root1, flip(root2), proof),
                        "modified second root");
                for (int j = 0; j < proof.size(); j++) {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    tampered.set(j, flip(proof.get(j)));
                    assertFalse(MerkleProofs.isValidConsistency(size1, size2, root1, root2, tampered),
                            "modified proof hash " + j);
                }
            }
        }
    }

    @Property(tries = 100)
    void proofsFromADifferentTreeFail(@ForAll("smallTrees") List<byte[]> data, @ForAll byte extra) {
        MerkleTree tree = build(data);
        List<byte[]> changed = new ArrayList<>(data);
        int victim = Math.floorMod(extra, data.size());
        byte[] modified = java.util.Arrays.copyOf(data.get(victim), data.get(victim).length + 1);
        modified[modified.length - 1] = extra;
        changed.set(victim, modified);
        MerkleTree forked = build(changed);
        int n = data.size();
        assertFalse(MerkleProofs.isValidInclusion(victim, n, tree.leafHash(victim),
                tree.inclusionProof(victim, n), forked.root()));
        if (victim + 1 < n) {
            assertFalse(MerkleProofs.isValidConsistency(victim + 1, n, tree.root(victim + 1), forked.root(),
                    tree.consistencyProof(victim + 1, n)));
        }
        assertTrue(MerkleProofs.isValidInclusion(victim, n, forked.leafHash(victim),
                forked.inclusionProof(victim, n), forked.root()));
    }

    private static MerkleTree build(List<byte[]> data) {
        MerkleTree tree = new MerkleTree();
        data.forEach(tree::appendData);
        return tree;
    }

    private static List<byte[]> distinct(List<byte[]> data) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            out.add(concat(new byte[] {(byte) i}, data.get(i)));
        }
        return out;
    }

    private static byte[] flip(byte[] hash) {
        byte[] copy = hash.clone();
        copy[7] ^= (byte) 0x80;
        return copy;
    }

    /** MTH(D[n]) exactly as RFC 9162 defines it, with no state and no shortcuts. */
    private static byte[] referenceRoot(List<byte[]> data) {
        if (data.isEmpty()) {
            return sha256(new byte[0]);
        }
        if (data.size() == 1) {
            return sha256(concat(new byte[] {0}, data.get(0)));
        }
        int k = Integer.highestOneBit(data.size() - 1);
        return sha256(concat(new byte[] {1}, concat(referenceRoot(data.subList(0, k)),
                referenceRoot(data.subList(k, data.size())))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
