package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void guardCedarBothFormsOfJcasbinAndSaplDecideTheComparisonTransfersAlike() {
        List<Transfer> transfers = Comparison.transfers();
        Guard guard = Comparison.guard();
        assertEquals(List.of(), Comparison.disagreements(
                Comparison.engines(guard, new CedarEngine(), CasbinEngine.rules(), CasbinEngine.matcher(),
                        new SaplEngine()), transfers));
        Comparison.requireNoCounting(guard.policies(), transfers);
        long allowed = transfers.stream().filter(t -> guard.preview(t).allowed()).count();
        assertTrue(allowed > 0 && allowed < transfers.size(), "allowed and denied transfers: " + allowed);
    }

    @Test
    void theBenchmarkRefusesToTimeEnginesThatDisagree() {
        List<Transfer> transfers = Comparison.transfers();
        Guard guard = Comparison.guard();
        SaplEngine sapl = new SaplEngine();
        Transfer flipped = transfers.get(transfers.size() / 2);
        java.util.Map<String, java.util.function.Predicate<Transfer>> engines = new java.util.LinkedHashMap<>();
        engines.put("guard", t -> guard.preview(t).allowed());
        // SAPL, wrong on one transfer: the setup must stop before anything is timed.
        engines.put("sapl", t -> t == flipped ? !sapl.allowed(t) : sapl.allowed(t));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Comparison.requireAgreement(engines, transfers));
        assertTrue(e.getMessage().contains("transfer #" + (transfers.size() / 2 + 1) + " "), e.getMessage());
        sapl.close();
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
