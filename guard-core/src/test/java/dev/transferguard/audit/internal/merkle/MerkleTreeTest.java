package dev.transferguard.audit.internal.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    @Test
    void emptyTreeHasTheHashOfTheEmptyString() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(new MerkleTree().root()));
        assertEquals(0, new MerkleTree().size());
    }

    @Test
    void leafHashesAndDataGiveTheSameTree() {
        MerkleTree byData = new MerkleTree();
        MerkleTree byHash = new MerkleTree();
        Rfc6962Hasher hasher = new Rfc6962Hasher();
        for (int i = 0; i < 70; i++) {
            byte[] data = {(byte) i, 1, 2};
            byData.appendData(new byte[] {9, (byte) i, 1, 2, 9}, 1, 3);
            byHash.appendLeafHash(hasher.hashLeaf(data));
        }
        assertArrayEquals(byData.root(), byHash.root());
        assertArrayEquals(hasher.hashLeaf(new byte[] {5, 1, 2}), byData.leafHash(5));
    }

    @Test
    void rejectsArgumentsOutsideTheTree() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 5; i++) {
            tree.appendData(new byte[] {(byte) i});
        }
        assertThrows(IllegalArgumentException.class, () -> tree.appendLeafHash(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> tree.root(6));
        assertThrows(IllegalArgumentException.class, () -> tree.root(-1));
        assertThrows(IllegalArgumentException.class, () -> tree.leafHash(5));
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(5, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.inclusionProof(0, 6));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(0, 5));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(4, 3));
        assertThrows(IllegalArgumentException.class, () -> tree.consistencyProof(1, 6));
        assertEquals(List.of(), tree.consistencyProof(3, 3));
    }

    @Test
    void aMillionLeavesAgreeAcrossPagesAndCachedSubtrees() {
        int n = 1_000_000;
        MerkleTree full = new MerkleTree();
        MerkleTree shorter = new MerkleTree();
        byte[] record = new byte[64];
        for (int i = 0; i < n; i++) {
            record[0] = (byte) i;
            record[1] = (byte) (i >>> 8);
            record[2] = (byte) (i >>> 16);
            full.appendData(record);
            if (i < n - 12_345) {
                shorter.appendData(record);
            }
        }
        // The compact range of one tree and the stored leaves and subtrees of the other must agree.
        assertArrayEquals(shorter.root(), full.root(shorter.size()));
        byte[] root = full.root();
        for (long index : new long[] {0, 255, 256, 32_767, 32_768, 524_288, n - 1}) {
            MerkleProofs.verifyInclusion(index, n, full.leafHash(index), full.inclusionProof(index, n), root);
        }
        long size1 = shorter.size();
        MerkleProofs.verifyConsistency(size1, n, shorter.root(), root, full.consistencyProof(size1, n));
        assertTrue(MerkleProofs.isValidConsistency(1 << 19, n, full.root(1 << 19), root,
                full.consistencyProof(1 << 19, n)));
    }
}
