package dev.transferguard.audit.internal.witness;

import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.merkle.InvalidProofException;
import dev.transferguard.audit.internal.merkle.MerkleProofs;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.Cosignature;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witness's rules, C2SP {@code tlog-witness} v1.0.0 {@code add-checkpoint}: checks a request against the
 * log keys and the state, and either cosigns the checkpoint (after the state holds it, durably) or answers
 * with the status the spec names. Requests are handled one at a time, so that the check of the old size and
 * the update of the state are one step.
 */
public final class WitnessEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessEngine.class);

    /** The content type of a 409 answer, which carries the witness's size. */
    public static final String SIZE_TYPE = "text/x.tlog.size";
    /** The content type of every other answer. */
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";

    /**
     * An answer.
     *
     * @param status      the HTTP status
     * @param contentType its content type
     * @param body        its body
     */
    public record Answer(int status, String contentType, String body) {
    }

    private final SigningKey key;
    private final Map<String, List<VerifierKey>> keysByOrigin;
    private final List<VerifierKey> anyOrigin;
    private final WitnessState state;
    private final Clock clock;

    /**
     * @param key          the witness's key
     * @param keysByOrigin log keys trusted for one origin each
     * @param anyOrigin    log keys trusted for any origin
     * @param state        the state
     * @param clock        the clock of the cosignatures' time
     */
    public WitnessEngine(SigningKey key, Map<String, List<VerifierKey>> keysByOrigin, List<VerifierKey> anyOrigin,
                         WitnessState state, Clock clock) {
        this.key = key;
        this.keysByOrigin = Map.copyOf(keysByOrigin);
        this.anyOrigin = List.copyOf(anyOrigin);
        this.state = state;
        this.clock = clock;
    }

    /**
     * Handles one {@code add-checkpoint} body.
     *
     * @param body the request body
     * @return the answer
     */
    public synchronized Answer add(byte[] body) {
        AddCheckpointRequest request;
        SignedNote note;
        Checkpoint cp;
        try {
            request = AddCheckpointRequest.parse(body);
            note = SignedNote.parse(request.checkpoint());
            cp = CheckpointText.parse(note.text());
        } catch (AddCheckpointRequest.MalformedException e) {
            return text(400, "malformed request: " + e.getMessage());
        } catch (CheckpointException e) {
            return text(400, "malformed checkpoint: " + e.getMessage());
        }
        List<VerifierKey> keys = keysByOrigin.getOrDefault(cp.origin(), anyOrigin);
        if (keys.isEmpty()) {
            return text(404, "unknown log");
        }
        try {
            note.verify(keys);
        } catch (CheckpointException e) {
            return text(403, "the checkpoint is not signed by a key of this log");
        }
        long old = request.oldSize();
        if (old > cp.treeSize()) {
            return text(400, "the old size " + old + " is larger than the checkpoint's size " + cp.treeSize());
        }
        Checkpoint held = state.latest(cp.origin());
        long heldSize = held == null ? 0 : held.treeSize();
        if (old != heldSize) {
            return new Answer(409, SIZE_TYPE, heldSize + "\n");
        }
        List<byte[]> proof = request.proof();
        if (held != null && old == cp.treeSize()) {
            if (!MessageDigest.isEqual(held.rootHash(), cp.rootHash())) {
                refuse("same size " + old + ", another root", cp.origin(), body);
                return new Answer(409, SIZE_TYPE, heldSize + "\n");
            }
            if (!proof.isEmpty()) {
                return text(422, "a proof between equal sizes must be empty");
            }
        } else if (old == 0) {
            if (!proof.isEmpty()) {
                return text(422, "a proof from size 0 must be empty");
            }
        } else {
            try {
                MerkleProofs.verifyConsistency(old, cp.treeSize(), held.rootHash(), cp.rootHash(), proof);
            } catch (InvalidProofException | IllegalArgumentException e) {
                refuse("not consistent with size " + old + ": " + e.getMessage(), cp.origin(), body);
                return text(422, "the consistency proof from size " + old + " does not verify");
            }
        }
        try {
            state.save(cp, request.checkpoint());
        } catch (IOException e) {
            LOG.error("cannot persist the checkpoint of size {} of {}: {}", cp.treeSize(), cp.origin(),
                    ErrorText.describe(e));
            return text(500, "cannot persist the checkpoint");
        }
        long now = Math.max(0, clock.millis() / 1000);
        return text(200, Cosignature.signLine(note.text(), key, now));
    }

    private void refuse(String why, String origin, byte[] body) {
        try {
            state.evidence(why, origin, body);
        } catch (IOException e) {
            LOG.error("cannot keep the evidence of a refused checkpoint of {}: {}", origin, ErrorText.describe(e));
        }
        LOG.warn("refused a checkpoint of {}: {}", origin, why);
    }

    private static Answer text(int status, String body) {
        return new Answer(status, TEXT_TYPE, body.endsWith("\n") ? body : body + "\n");
    }
}
