package dev.transferguard.policy.internal.eval;

import dev.transferguard.policy.internal.LoadedBundle;
import dev.transferguard.policy.internal.syntax.PolicyGen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The compiled evaluator decides exactly as the {@link ReferenceInterpreter} does, on random valid policies
 * that use every construct of the language and on random transfers and histories over their vocabulary, facts
 * left out and coarse categories included: both read them three-valued, each its own way.
 */
class CompiledEqualsInterpreterPropertyTest {

    @Property(tries = 600)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void everyDecisionAgreesAfterAHistory(@ForAll("bundles") PolicyGen.BundleSpec spec,
            @ForAll("histories") List<Transfer> history, @ForAll("transfers") List<Transfer> transfers) {
        PolicyBundle bundle = load(spec);
        Guard guard = Guard.builder().policies(bundle).history(history).build();
        ReferenceInterpreter reference = new ReferenceInterpreter(LoadedBundle.compiledOf(bundle).model());
        history.forEach(reference::record);
        for (Transfer t : transfers) {
            check(spec, t, () -> guard.preview(t), reference);
        }
    }

    @Property(tries = 400)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void decisionsAgreeWhileCountersAdvanceOnAllow(@ForAll("bundles") PolicyGen.BundleSpec spec,
            @ForAll("histories") List<Transfer> history, @ForAll("sequences") List<Transfer> sequence) {
        PolicyBundle bundle = load(spec);
        Guard guard = Guard.builder().policies(bundle).history(history).build();
        ReferenceInterpreter reference = new ReferenceInterpreter(LoadedBundle.compiledOf(bundle).model());
        history.forEach(reference::record);
        for (Transfer t : sequence) {
            ReferenceInterpreter.Verdict expected = check(spec, t, () -> guard.decide(t), reference);
            if (expected != null && expected.outcome() == Outcome.ALLOW) {
                reference.record(t);
            }
        }
    }

    /**
     * Compares one decision with the interpreter's and returns the interpreter's, or {@code null} when both
     * refuse the transfer (it leaves out its count and a counter may count it).
     */
    static ReferenceInterpreter.Verdict check(PolicyGen.BundleSpec spec, Transfer t, Supplier<Decision> deciding,
            ReferenceInterpreter reference) {
        boolean refuses = reference.refuses(t);
        Decision decision;
        try {
            decision = deciding.get();
        } catch (InvalidTransferException e) {
            if (!refuses) {
                fail("compiled refuses a transfer the reference decides: " + e.getMessage() + "\ntransfer: " + t
                        + "\n" + spec.source());
            }
            Statistics.label("outcome").collect("refused");
            return null;
        }
        if (refuses) {
            fail("compiled decides a transfer the reference refuses\ntransfer: " + t + "\n" + spec.source());
        }
        ReferenceInterpreter.Verdict expected = reference.decide(t);
        ReferenceInterpreter.Verdict actual = ReferenceInterpreter.Verdict.of(decision);
        if (!expected.equals(actual)) {
            fail("compiled and reference evaluators disagree\n"
                    + "transfer:  " + t + "\n"
                    + "compiled:  " + actual + "\n"
                    + "reference: " + expected + "\n"
                    + "counters (reference, this transfer included where counted): " + reference.counterValues(t)
                    + "\ncompiled explains: " + decision.explain() + "\n" + spec.source());
        }
        assertEquals(decision.reasons().size(), new HashSet<>(decision.reasons()).size(),
                () -> "a reason is listed twice: " + decision.reasons());
        Statistics.label("outcome").collect(decision.outcome());
        for (Reason r : decision.reasons()) {
            Statistics.label("reason").collect(r.kind());
        }
        return expected;
    }

    static PolicyBundle load(PolicyGen.BundleSpec spec) {
        try {
            return PolicyBundle.of(spec.files());
        } catch (PolicyException e) {
            throw new AssertionError("the generator wrote an invalid policy:\n" + e.getMessage() + "\n"
                    + spec.source(), e);
        }
    }

    @Provide
    Arbitrary<PolicyGen.BundleSpec> bundles() {
        return PolicyGen.bundle();
    }

    @Provide
    Arbitrary<List<Transfer>> histories() {
        return PolicyGen.transfer().list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Transfer>> transfers() {
        return PolicyGen.transfer(true).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Transfer>> sequences() {
        return PolicyGen.transfer(true).list().ofMinSize(2).ofMaxSize(15);
    }
}
