package dev.transferguard.policy.internal.eval;

import dev.transferguard.policy.internal.LoadedBundle;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.PolicyGen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A pack whose {@code applies when} excludes a transfer has no say in that transfer's decision: adding it to a
 * bundle, wherever it sorts among the files and whatever its rules and counters, changes nothing.
 */
class ScopeIndependencePropertyTest {

    @Property(tries = 250)
    void aPackOutOfScopeChangesNothing(@ForAll("bundles") PolicyGen.BundleSpec spec,
            @ForAll("packs") PolicyGen.PackSpec extra, @ForAll @IntRange(min = 0, max = 7) int exclusion,
            @ForAll @IntRange(min = 0, max = 3) int place, @ForAll("histories") List<Transfer> history,
            @ForAll("transfers") Transfer t) {
        Map<String, String> without = spec.files();
        Map<String, String> with = new LinkedHashMap<>(without);
        String excluding = excluding(exclusion, t);
        with.put(place == 0 ? "a-first.guard" : "packs/p" + (place - 1) + "x.guard",
                extra.render("test.extra", excluding));

        PolicyBundle before = CompiledEqualsInterpreterPropertyTest.load(spec);
        PolicyBundle after = PolicyBundle.of(with);
        Model.Pack added = LoadedBundle.compiledOf(after).model().packs().stream()
                .filter(p -> p.id().equals("test.extra")).findFirst().orElseThrow();
        assertFalse(new ReferenceInterpreter(LoadedBundle.compiledOf(after).model()).holds(added.scope(), t, true),
                () -> "the added pack was meant to exclude the transfer: " + excluding);

        Decision expected = Guard.builder().policies(before).history(history).build().preview(t);
        Decision actual = Guard.builder().policies(after).history(history).build().preview(t);
        String context = "\ntransfer: " + t + "\nadded pack, excluding by " + excluding + ":\n"
                + with.entrySet().stream().map(e -> "==> " + e.getKey() + " <==\n" + e.getValue())
                        .collect(Collectors.joining());
        assertEquals(expected.outcome(), actual.outcome(), () -> "outcome" + context);
        assertEquals(expected.reasons(), actual.reasons(), () -> "reasons" + context);
        assertEquals(expected.unmet(), actual.unmet(), () -> "unmet" + context);
        assertEquals(expected.obligations(), actual.obligations(), () -> "obligations" + context);
        assertEquals(expected.remedies(), actual.remedies(), () -> "remedies" + context);
    }

    /** A condition that is false for {@code t}, in one of several ways. */
    static String excluding(int way, Transfer t) {
        switch (way) {
            case 0:
                return "origin not in [" + t.origin() + "]";
            case 1:
                return "destination is not " + t.destination();
            case 2:
                return "action is not " + t.action().code();
            case 3:
                return t.date().getDayOfMonth() % 2 == 0 ? "date < " + t.date() : "date > " + t.date();
            case 4:
                return "subjects.count > " + t.subjects().count();
            case 5:
                return "not any category in [" + String.join(", ", t.categories()) + "]";
            case 6:
                return "recipient.jurisdiction not in [" + t.recipientJurisdiction() + "]";
            default:
                return "false";
        }
    }

    @Provide
    Arbitrary<PolicyGen.BundleSpec> bundles() {
        return PolicyGen.bundle();
    }

    @Provide
    Arbitrary<PolicyGen.PackSpec> packs() {
        return PolicyGen.pack();
    }

    @Provide
    Arbitrary<List<Transfer>> histories() {
        return PolicyGen.transfer().list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<Transfer> transfers() {
        return PolicyGen.transfer();
    }
}
