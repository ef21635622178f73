package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Guard;
import dev.transferguard.Repository;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.LoadedBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled evaluator decides the shipped packs ({@code policies/}) as the {@link ReferenceInterpreter}
 * does, on the realistic transfers the benchmarks time ({@code guard-benchmarks/.../packs/transfers.jsonl}):
 * the benchmarks measure the public guard only, and this test is what lets them take its answers as right.
 */
class ShippedPacksAgreementTest {

    private static final String TRANSFERS = "guard-benchmarks/src/main/resources/packs/transfers.jsonl";

    @Test
    void compiledEvaluatorAndReferenceInterpreterDecideThePackTransfersAlike() throws IOException {
        PolicyBundle packs = PolicyBundle.load(Repository.file("policies"));
        Guard guard = Guard.builder().policies(packs).build();
        ReferenceInterpreter reference = new ReferenceInterpreter(LoadedBundle.compiledOf(packs).model());
        List<String> lines = Files.readAllLines(Repository.file(TRANSFERS));
        List<String> differ = new ArrayList<>();
        int decided = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Transfer t = Transfer.fromJson(line);
            ReferenceInterpreter.Verdict expected = reference.decide(t);
            ReferenceInterpreter.Verdict actual = ReferenceInterpreter.Verdict.of(guard.preview(t));
            if (!expected.equals(actual)) {
                differ.add(TRANSFERS + ":" + (i + 1) + ": interpreter " + expected + ", compiled " + actual);
            }
            decided++;
        }
        assertTrue(decided > 0, "no transfer in " + TRANSFERS);
        assertEquals(List.of(), differ);
    }
}
