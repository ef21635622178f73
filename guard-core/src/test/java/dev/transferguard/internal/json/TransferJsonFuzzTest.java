package dev.transferguard.internal.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transferguard.InvalidTransferException;

/**
 * Fuzzes the transfer JSON reader, from bytes: strict UTF-8 decoding, then one object or JSON Lines. Any
 * input either reads or is refused with an {@link InvalidTransferException}; anything else is a finding.
 *
 * <p>Seeds: {@code src/test/resources/dev/transferguard/internal/json/TransferJsonFuzzTestInputs/}.
 */
public class TransferJsonFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void transfersReadOrAreRefused(byte[] input) {
        target(input);
    }

    /**
     * The target: what one input must never do is throw anything but the expected refusal.
     *
     * @param input the input
     */
    public static void target(byte[] input) {
        try {
            String text = TransferJsonReader.utf8(input, "fuzz.json");
            TransferJsonReader.parseAll(text, "fuzz.json");
        } catch (InvalidTransferException expected) {
            // refused with file:line:column: the contract
        }
    }
}
