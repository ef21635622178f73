package dev.transferguard.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.BundleSignatureException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Fuzzes the signed-note readers: checkpoints ({@link Checkpoint#verify(byte[], java.util.Collection)}: note
 * syntax, signatures, checkpoint body) and policy bundle signatures. The seeds are signed by a fixed key that
 * the target trusts, so that mutations of good notes reach the checks after the signatures. Any input either
 * verifies or is refused with a {@link CheckpointException} or {@link BundleSignatureException}.
 *
 * <p>Seeds: {@code src/test/resources/dev/transferguard/audit/CheckpointFuzzTestInputs/}.
 */
public class CheckpointFuzzTest {

    /** The key that signed the seeds: the same on every machine, from a fixed seed. */
    static final SigningKey KEY = fixedKey("fuzz-key");
    static final List<VerifierKey> TRUSTED = List.of(KEY.verifierKey());

    static SigningKey fixedKey(String name) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return SigningKey.generate(name, random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void notesVerifyOrAreRefused(byte[] note) {
        target(note);
    }

    /**
     * The target: what one input must never do is throw anything but the expected refusal.
     *
     * @param note the input
     */
    public static void target(byte[] note) {
        try {
            Checkpoint.verify(note, TRUSTED);
        } catch (CheckpointException expected) {
            // MALFORMED, UNKNOWN_KEY or BAD_SIGNATURE, with the line: the contract
        }
        try {
            BundleSignature.verify(note, "sha256:" + "0".repeat(64), TRUSTED, "fuzz");
        } catch (BundleSignatureException expected) {
            // the contract
        }
    }
}
