package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks compare like with like: the engines give the same decisions on the benchmark inputs, as
 * the benchmarks' setups check before timing. No timing here.
 */
class EnginesAgreeTest {

    @Test
    void guardCedarAndBothFormsOfJcasbinDecideTheComparisonTransfersAlike() {
        List<Transfer> transfers = Comparison.transfers();
        Guard guard = Comparison.guard();
        assertEquals(List.of(), Comparison.disagreements(
                Comparison.engines(guard, new CedarEngine(), CasbinEngine.rules(), CasbinEngine.matcher()), transfers));
        Comparison.requireNoCounting(guard.policies(), transfers);
        long allowed = transfers.stream().filter(t -> guard.preview(t).allowed()).count();
        assertTrue(allowed > 0 && allowed < transfers.size(), "allowed and denied transfers: " + allowed);
    }

    @Test
    void thePackTransfersHoldAllowedAndDeniedOnes() {
        Guard guard = Guard.builder().policies(ShippedPacks.load()).build();
        ShippedPacks.requireBothOutcomes(guard, ShippedPacks.transfers());
    }

    @Test
    void theComparisonPolicyIsWhatTheReadmeSays() {
        PolicyBundle bundle = Comparison.guard().policies();
        assertEquals(1, bundle.packs().size());
        assertEquals(List.of(), bundle.lint(), "the comparison policy lints clean");
    }
}
