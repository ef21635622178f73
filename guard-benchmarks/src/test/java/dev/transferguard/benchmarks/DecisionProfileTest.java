package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transferguard.benchmarks.DecisionProfile.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sample counts for the step of the bundle's {@code decide} that its stack passes through. */
class DecisionProfileTest {

    private static final String DECIDE = "dev.transferguard.policy.internal.eval.CompiledBundle.decide";

    @Test
    void theMethodThatDecideCalledNamesTheStep() {
        assertEquals(Step.NAMES, DecisionProfile.Shares.step(List.of("java.lang.String.equals",
                "dev.transferguard.policy.internal.compile.NameIndex.of",
                "dev.transferguard.policy.internal.compile.TransferReader.read",
                "dev.transferguard.policy.internal.compile.Program.readNames", DECIDE,
                "dev.transferguard.PolicySnapshot.decide")));
        assertEquals(Step.SHAPE, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.eval.ShapeMemo$Shape.hash",
                "dev.transferguard.policy.internal.eval.ShapeMemo$Shape.fill", DECIDE)));
        assertEquals(Step.SHAPE, DecisionProfile.Shares.step(List.of("java.util.concurrent.ConcurrentHashMap.get",
                "dev.transferguard.policy.internal.eval.ShapeMemo.get", DECIDE)));
        assertEquals(Step.SHAPE, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.compile.Program.readBand",
                "dev.transferguard.policy.internal.eval.DecisionTrie.find", DECIDE)));
        assertEquals(Step.EVALUATION, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.eval.CompiledBundle.evaluate", DECIDE)));
    }

    @Test
    void findingTheTransfersValuesAmongThoseDecidedBeforeIsTheMemo() {
        assertEquals(Step.MEMO, DecisionProfile.Shares.step(List.of("java.util.ImmutableCollections$List12.hashCode",
                "dev.transferguard.policy.internal.eval.TransferMemo.hash", DECIDE)));
        assertEquals(Step.MEMO, DecisionProfile.Shares.step(List.of("java.lang.String.equals",
                "dev.transferguard.policy.internal.eval.TransferMemo$Entry.holds",
                "dev.transferguard.policy.internal.eval.TransferMemo.get", DECIDE)));
        assertEquals(Step.NAMES, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.compile.TransferReader.read",
                "dev.transferguard.policy.internal.compile.Program.readNamesAfterLookup", DECIDE)));
        assertEquals(Step.SHAPE, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.compile.Facts.readForLookup",
                "dev.transferguard.policy.internal.compile.Program.readForLookup", DECIDE)));
    }

    @Test
    void stringComparisonsAreCountedInTheMemoAndInTheNames() {
        DecisionProfile.Shares shares = new DecisionProfile.Shares();
        shares.add(List.of("java.lang.String.equals", "dev.transferguard.policy.internal.eval.TransferMemo.get",
                DECIDE));
        shares.add(List.of("java.lang.String.equals", "dev.transferguard.policy.internal.compile.Program.readNames",
                DECIDE));
        shares.add(List.of("java.lang.String.equals", "dev.transferguard.policy.internal.eval.CompiledBundle.evaluate",
                DECIDE));
        shares.add(List.of("dev.transferguard.policy.internal.eval.TransferMemo.hash", DECIDE));
        assertEquals(0.5, shares.stringCompareShare(), 1e-12);
        assertEquals(0.5, shares.share(Step.MEMO), 1e-12);
    }

    @Test
    void thePreviewsLockFreeLookUpIsTheMemos() {
        String lookUp = "dev.transferguard.policy.internal.eval.CompiledBundle.keptWithoutCounters";
        assertEquals(Step.MEMO, DecisionProfile.Shares.step(List.of("java.lang.String.equals",
                "dev.transferguard.policy.internal.eval.TransferMemo$Entry.holds",
                "dev.transferguard.policy.internal.eval.TransferMemo.get", lookUp,
                "dev.transferguard.PolicySnapshot.keptWithoutCounters", "dev.transferguard.DecisionPath.preview")));
        assertEquals(Step.MEMO, DecisionProfile.Shares.step(List.of(lookUp, "dev.transferguard.DecisionPath.preview")));
    }

    @Test
    void samplesInDecideItselfOrOutsideItAreOutside() {
        assertEquals(Step.OUTSIDE, DecisionProfile.Shares.step(List.of(DECIDE, "dev.transferguard.Guard.preview")));
        assertEquals(Step.OUTSIDE, DecisionProfile.Shares.step(List.of(
                "java.util.concurrent.locks.ReentrantLock.lock", "dev.transferguard.DecisionPath.preview")));
        assertEquals(Step.OUTSIDE, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.compile.Facts.release", DECIDE)));
    }

    @Test
    void namesReadWithinAnEvaluationCountForTheEvaluation() {
        // A remedy search reads trial facts inside an evaluation: decide's own callee is the step.
        assertEquals(Step.EVALUATION, DecisionProfile.Shares.step(List.of(
                "dev.transferguard.policy.internal.compile.Program.readNames", "x.Inner.search",
                "dev.transferguard.policy.internal.eval.CompiledBundle.evaluate", DECIDE)));
    }
}
