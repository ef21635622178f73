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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * A counter's band is what a decision kept per band relies on: the band of a count is the number of the
 * counter's steps at or below it, and two counts of one band are answered alike by every comparison of the
 * counter, at, just below and just above each constant compared with, and at the ends of the range of a long.
 */
class CounterBandsPropertyTest {

    record Comparison(Model.Cmp op, long value) {
    }

    @Provide
    Arbitrary<Comparison> comparison() {
        Arbitrary<Long> constants = Arbitraries.oneOf(Arbitraries.longs().between(0, 60),
                Arbitraries.longs().between(99_990, 100_010), Arbitraries.of(0L, 1L, Long.MAX_VALUE - 1,
                        Long.MAX_VALUE));
        return Combinators.combine(Arbitraries.of(Model.Cmp.class), constants).as(Comparison::new);
    }

    /** Counts near the constants compared with, as a counter moves past them, and anywhere else. */
    @Provide
    Arbitrary<Long> count() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-2, 62), Arbitraries.longs().between(99_988, 100_012),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE), Arbitraries.longs());
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

    @Property(tries = 2000)
    void theBandCountsTheStepsAtOrBelowAndCountsOfOneBandAreComparedAlike(
            @ForAll @Size(max = 6) List<@From("comparison") Comparison> comparisons,
            @ForAll("count") long a, @ForAll("count") long b) {
        CompiledCounter c = counter(comparisons);
        long[] steps = c.steps();
        for (long count : new long[] {a, b}) {
            int atOrBelow = 0;
            for (long s : steps) {
                atOrBelow += s <= count ? 1 : 0;
            }
            assertEquals(atOrBelow, c.band(count), "the band of " + count + " among " + List.of(steps));
            assertTrue(c.band(count) < c.bands(), "a band is below the number of bands");
        }
        if (c.band(a) == c.band(b)) {
            for (Comparison k : comparisons) {
                assertEquals(k.op().test(a, k.value()), k.op().test(b, k.value()),
                        a + " and " + b + " share band " + c.band(a) + " yet " + k + " tells them apart");
            }
        }
        if (a <= b) {
            assertTrue(c.band(a) <= c.band(b), "bands ascend with the count");
        }
    }

    @Example
    void aCounterNoRuleComparesHasOneBand() {
        CompiledCounter c = counter(List.of());
        assertEquals(1, c.bands());
        assertEquals(0, c.band(Long.MIN_VALUE));
        assertEquals(0, c.band(Long.MAX_VALUE));
    }

    @Example
    void aThresholdSplitsItsCountsWhereTheRuleDoes() {
        CompiledCounter c = counter(List.of(new Comparison(Model.Cmp.GE, 100_000)));
        assertEquals(2, c.bands());
        assertEquals(0, c.band(99_999));
        assertEquals(1, c.band(100_000));
        assertEquals(1, c.band(100_001));
    }
}
