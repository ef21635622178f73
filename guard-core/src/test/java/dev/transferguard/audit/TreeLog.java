package dev.transferguard.audit;

import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.witness.AddCheckpointRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A log reduced to what a witness sees: a Merkle tree of made-up records and a key that signs its
 * checkpoints. Two of them with the same origin and key but different records are a fork.
 */
final class TreeLog {

    final String origin;
    final SigningKey key;
    final MerkleTree tree = new MerkleTree();
    private final String flavour;

    TreeLog(String origin, SigningKey key, String flavour) {
        this.origin = origin;
        this.key = key;
        this.flavour = flavour;
    }

    TreeLog grow(int records) {
        for (int i = 0; i < records; i++) {
            tree.appendData(("record " + tree.size() + " " + flavour).getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    Checkpoint checkpoint() {
        return new Checkpoint(origin, tree.size(), tree.root());
    }

    String note() {
        return checkpoint().sign(key);
    }

    List<byte[]> proofFrom(long old) {
        return old == 0 || old == tree.size() ? List.of() : tree.consistencyProof(old, tree.size());
    }

    /** The body of an add-checkpoint request from {@code old} to the tree's size, with the right proof. */
    byte[] request(long old) {
        return AddCheckpointRequest.format(old, proofFrom(old), note().getBytes(StandardCharsets.UTF_8));
    }
}
