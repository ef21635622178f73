package dev.transferguard.policy.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Ast;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The steps of a counter are what a shared store may answer within: two counts that no step separates are
 * decided alike by every comparison of the counter, and two counts that a step separates are told apart by some
 * comparison (no step is there for nothing).
 */
class CounterStepsPropertyTest {

    record Comparison(Model.Cmp op, long value) {
    }

    @Provide
    Arbitrary<Comparison> comparison() {
        return Combinators.combine(Arbitraries.of(Model.Cmp.class), Arbitraries.longs().between(0, 60))
                .as(Comparison::new);
    }

    private static CompiledCounter counter(List<Comparison> comparisons) {
        CompiledCounter c = new CompiledCounter(new Model.Counter("p", "people", Set.of(), Set.of(), null,
                Ast.WindowKind.CALENDAR_YEAR, 0, false, null), 0);
        for (Comparison k : comparisons) {
            c.comparedWith(k.op(), k.value());
        }
        c.stepsCompiled();
        return c;
    }

    @Property
    void countsNoStepSeparatesAreDecidedAlikeAndAStepIsAlwaysAnAnswerThatChanges(
            @ForAll @Size(max = 6) List<@net.jqwik.api.From("comparison") Comparison> comparisons,
            @ForAll @LongRange(min = 0, max = 70) long a, @ForAll @LongRange(min = 0, max = 70) long b) {
        long[] steps = counter(comparisons).steps();
        long low = Math.min(a, b);
        long high = Math.max(a, b);
        boolean separated = false;
        for (long s : steps) {
            separated |= low < s && s <= high;
        }
        boolean alike = comparisons.stream().allMatch(k -> k.op().test(low, k.value()) == k.op().test(high, k.value()));
        if (!separated) {
            assertTrue(alike, "no step between " + low + " and " + high + " yet a comparison differs");
        }
        for (long s : steps) {
            long below = s - 1;
            assertTrue(comparisons.stream().anyMatch(k -> k.op().test(below, k.value()) != k.op().test(s, k.value())),
                    "the step " + s + " changes no comparison's answer");
        }
        for (int i = 1; i < steps.length; i++) {
            assertTrue(steps[i - 1] < steps[i], "ascending and once each");
        }
    }

    @net.jqwik.api.Example
    void aCounterNoRuleComparesHasNoSteps() {
        assertEquals(0, counter(List.of()).steps().length);
    }
}
