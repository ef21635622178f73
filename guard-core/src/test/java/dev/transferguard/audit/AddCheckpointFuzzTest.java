package dev.transferguard.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transferguard.audit.internal.witness.AddCheckpointRequest;
import java.util.Set;

/**
 * Fuzzes the witness's {@code add-checkpoint} body: the parser ({@link AddCheckpointRequest#parse}) either
 * reads a request or refuses it with its one exception, and the witness answers every body with one of the
 * spec's statuses, never an exception. The witness trusts the key that signed the seeds, so that mutations of
 * good requests reach the consistency checks.
 *
 * <p>Seeds: {@code src/test/resources/dev/transferguard/audit/AddCheckpointFuzzTestInputs/}.
 */
public class AddCheckpointFuzzTest {

    private static final Set<Integer> STATUSES = Set.of(200, 400, 403, 404, 409, 422);
    private static final Witness WITNESS = Witness.builder()
            .signingKey(CheckpointFuzzTest.fixedKey("fuzz-witness"))
            .stateDirectory(FastTemp.directory("fuzz-witness"))
            .logKey(CheckpointFuzzTest.KEY.verifierKey())
            .build();

    @FuzzTest(maxDuration = "10s")
    void bodiesAreAnsweredWithAStatusOfTheSpec(byte[] body) {
        target(body);
    }

    /**
     * The target.
     *
     * @param body the input
     */
    public static void target(byte[] body) {
        try {
            AddCheckpointRequest r = AddCheckpointRequest.parse(body);
            if (r.proof().size() > AddCheckpointRequest.MAX_PROOF_LINES) {
                throw new IllegalStateException("more proof lines than the spec allows were accepted");
            }
        } catch (AddCheckpointRequest.MalformedException expected) {
            // the contract
        }
        int status = WITNESS.addCheckpoint(body).status();
        if (!STATUSES.contains(status)) {
            throw new IllegalStateException("status " + status);
        }
    }
}
