package dev.transferguard.audit.internal.proof;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.ConsistencyProof;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.merkle.InvalidProofException;
import dev.transferguard.audit.internal.merkle.MerkleProofs;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;

/** Building a {@link ConsistencyProof} from a log, and checking one without it. */
public final class ConsistencyProofs {

    private ConsistencyProofs() {
    }

    /**
     * Builds the proof from an older checkpoint to the log's latest one, from the log's records. The records
     * must give both checkpoints' roots; signatures are not checked here (that is the reader's job).
     *
     * @param directory     the log directory
     * @param oldCheckpoint an older signed checkpoint of the same log
     * @return the proof
     * @throws AuditException when the old checkpoint is malformed, newer than the latest, of another log, or
     *                        the records do not give both roots (the log was rewritten, or is another fork)
     */
    public static ConsistencyProof build(Path directory, String oldCheckpoint) {
        try {
            byte[] note = LatestCheckpoint.of(directory);
            String newCheckpoint = new String(note, StandardCharsets.UTF_8);
            Checkpoint older = parse(oldCheckpoint, "the old checkpoint");
            Checkpoint newer = parse(newCheckpoint, directory + "/" + LogFiles.CHECKPOINT);
            if (!older.origin().equals(newer.origin())) {
                throw new AuditException("the old checkpoint is for the log " + older.origin() + ", not "
                        + newer.origin());
            }
            if (older.treeSize() > newer.treeSize()) {
                throw new AuditException("the old checkpoint (size " + older.treeSize()
                        + ") is newer than the log's latest (size " + newer.treeSize() + ")");
            }
            MerkleTree tree = LogTree.read(directory, newer.treeSize(), -1, null);
            if (tree.size() < newer.treeSize()
                    || !MessageDigest.isEqual(tree.root(newer.treeSize()), newer.rootHash())) {
                throw new AuditException("the records of " + directory
                        + " do not match its checkpoint; run guard audit verify on it");
            }
            if (!MessageDigest.isEqual(tree.root(older.treeSize()), older.rootHash())) {
                throw new AuditException("the log does not extend the old checkpoint: its first "
                        + older.treeSize() + " records are not the ones that checkpoint signed");
            }
            List<byte[]> path = older.treeSize() == 0 ? List.of()
                    : tree.consistencyProof(older.treeSize(), newer.treeSize());
            return new ConsistencyProof(oldCheckpoint, newCheckpoint, path);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(String note, String what) {
        try {
            return CheckpointText.parse(SignedNote.parse(note.getBytes(StandardCharsets.UTF_8)).text());
        } catch (CheckpointException e) {
            throw new AuditException(what + ": " + e.getMessage());
        }
    }

    /**
     * Checks a proof: both checkpoints' signatures by trusted keys, the same origin, and that the newer
     * tree extends the older one.
     *
     * @param p       the proof
     * @param trusted the keys to trust
     * @return the newer checkpoint, verified
     * @throws AuditException when any check fails; the message says which
     */
    public static VerifiedCheckpoint check(ConsistencyProof p, Collection<VerifierKey> trusted) {
        VerifiedCheckpoint older = verifyNote(p.oldCheckpoint(), "old", trusted);
        VerifiedCheckpoint newer = verifyNote(p.newCheckpoint(), "new", trusted);
        Checkpoint a = older.checkpoint();
        Checkpoint b = newer.checkpoint();
        if (!a.origin().equals(b.origin())) {
            throw new AuditException("the checkpoints are of two logs: " + a.origin() + " and " + b.origin());
        }
        if (a.treeSize() > b.treeSize()) {
            throw new AuditException("the old checkpoint (size " + a.treeSize() + ") is larger than the new one (size "
                    + b.treeSize() + ")");
        }
        if (a.treeSize() == 0) {
            // Every tree extends the empty one.
            return newer;
        }
        try {
            MerkleProofs.verifyConsistency(a.treeSize(), b.treeSize(), a.rootHash(), b.rootHash(), p.proof());
        } catch (InvalidProofException e) {
            throw new AuditException("the new checkpoint does not extend the old one: " + e.getMessage());
        }
        return newer;
    }

    private static VerifiedCheckpoint verifyNote(String note, String which, Collection<VerifierKey> trusted) {
        try {
            return Checkpoint.verify(note, trusted);
        } catch (CheckpointException e) {
            throw new AuditException("the " + which + " checkpoint does not verify: " + e.getMessage());
        }
    }
}
