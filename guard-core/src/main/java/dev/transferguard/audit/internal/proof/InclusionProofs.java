package dev.transferguard.audit.internal.proof;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.InclusionProof;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.merkle.InvalidProofException;
import dev.transferguard.audit.internal.merkle.MerkleProofs;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;

/** Building an {@link InclusionProof} from a log, and checking one without it. */
public final class InclusionProofs {

    private InclusionProofs() {
    }

    /**
     * Builds the proof of one record against the log's latest checkpoint. The log's records must give the
     * checkpoint's root; its signature is not checked here (that is the proof's reader's job).
     *
     * @param directory the log directory
     * @param seq       the record's sequence number
     * @return the proof
     * @throws AuditException when the record is not covered by the latest checkpoint, or the log does not
     *                        match its checkpoint, or cannot be read
     */
    public static InclusionProof build(Path directory, long seq) {
        try {
            byte[] note = LatestCheckpoint.of(directory);
            Checkpoint cp;
            try {
                cp = CheckpointText.parse(SignedNote.parse(note).text());
            } catch (CheckpointException e) {
                throw new AuditException(directory + "/" + LogFiles.CHECKPOINT + ": " + e.getMessage());
            }
            if (seq < 0 || seq >= cp.treeSize()) {
                throw new AuditException("record seq " + seq + " is not signed: the latest checkpoint covers seq 0 to "
                        + (cp.treeSize() - 1));
            }
            byte[][] line = new byte[1][];
            MerkleTree tree = LogTree.read(directory, cp.treeSize(), seq, line);
            if (tree.size() < cp.treeSize() || !MessageDigest.isEqual(tree.root(cp.treeSize()), cp.rootHash())) {
                throw new AuditException("the records of " + directory
                        + " do not match its checkpoint; run guard audit verify on it");
            }
            return new InclusionProof(cp.origin(), seq, new String(line[0], StandardCharsets.UTF_8), cp.treeSize(),
                    tree.inclusionProof(seq, cp.treeSize()), new String(note, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a proof: the checkpoint's signature by a trusted key, its origin and size, the record's own
     * origin and sequence number, and that the inclusion proof leads from the record to the signed root.
     *
     * @param p       the proof
     * @param trusted the keys to trust
     * @return the verified checkpoint
     * @throws AuditException when any check fails; the message says which
     */
    public static VerifiedCheckpoint check(InclusionProof p, Collection<VerifierKey> trusted) {
        VerifiedCheckpoint vc;
        try {
            vc = Checkpoint.verify(p.checkpoint(), trusted);
        } catch (CheckpointException e) {
            throw new AuditException("the proof's checkpoint does not verify: " + e.getMessage());
        }
        Checkpoint cp = vc.checkpoint();
        if (!cp.origin().equals(p.origin()) || cp.treeSize() != p.treeSize()) {
            throw new AuditException("the proof's checkpoint is for " + cp.origin() + " at size " + cp.treeSize()
                    + ", not for " + p.origin() + " at size " + p.treeSize());
        }
        byte[] line = p.record().getBytes(StandardCharsets.UTF_8);
        long seq = RecordHead.parseHead(line, 0, line.length, RecordHead.headPrefix(p.origin()),
                new byte[RecordFormat.HASH]);
        if (seq != p.leafIndex()) {
            throw new AuditException("the record is not the record of seq " + p.leafIndex() + " of the log "
                    + p.origin());
        }
        try {
            MerkleProofs.verifyInclusion(p.leafIndex(), p.treeSize(), new Rfc6962Hasher().hashLeaf(line),
                    p.inclusionProof(), cp.rootHash());
        } catch (InvalidProofException e) {
            throw new AuditException("the inclusion proof does not hold: " + e.getMessage());
        }
        return vc;
    }
}
