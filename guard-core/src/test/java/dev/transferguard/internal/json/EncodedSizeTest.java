package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Repository;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The bound the audit log trusts before it hands a record over unencoded holds for the decisions of the shipped
 * packs, allowed and denied, with reasons, requirements and remedies (the transfers' side is a property of
 * {@code TransferJsonPropertyTest}).
 */
class EncodedSizeTest {

    @Test
    void boundsTheBytesWrittenForEveryDecisionOfTheShippedPacks() throws IOException {
        Guard guard = Guard.builder().policies(PolicyBundle.load(Repository.file("policies"))).build();
        int checked = 0;
        for (String line : Files.readAllLines(
                Repository.file("guard-benchmarks/src/main/resources/packs/transfers.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            Transfer t = Transfer.fromJson(line);
            Decision d = guard.preview(t);
            long written = JsonOut.decision(d).getBytes(StandardCharsets.UTF_8).length
                    + JsonOut.transfer(t).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(EncodedSize.of(t, d) >= written, line);
            checked++;
        }
        assertTrue(checked > 10);
    }
}
