package dev.transferguard.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transferguard.GuardException;
import dev.transferguard.audit.AuditFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the policy language: lexer, parser, resolver and compiler, through {@link PolicyBundle#of(Map)}.
 * Any input either compiles or is refused with a {@link PolicyException} (or another {@link GuardException});
 * anything else (a runtime exception, a stack overflow, a hang) is a finding. The fuzzed file is loaded
 * beside the test vocabulary, so that packs that name its categories reach the resolver and compiler.
 *
 * <p>Seeds: {@code src/test/resources/dev/transferguard/policy/PolicyParserFuzzTestInputs/}. See
 * docs/security.md for the long run.
 */
public class PolicyParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void policyFilesCompileOrAreRefused(byte[] input) {
        target(input);
    }

    /**
     * The target: what one input must never do is throw anything but the expected refusal.
     *
     * @param input the input
     */
    public static void target(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            PolicyBundle bundle = PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY, "fuzz.guard",
                    text));
            bundle.digest();
        } catch (GuardException expected) {
            // refused with a message: the contract
        }
    }
}
