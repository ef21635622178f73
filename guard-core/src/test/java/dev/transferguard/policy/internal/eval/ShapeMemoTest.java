package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Repository;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A transfer made again is answered from the bundle's memos: the decision must be the one a new evaluation gives,
 * and the remedies those a new search gives, including when a volume counter the denial reads has moved in
 * between. A new evaluation is that of a bundle loaded anew: the memos belong to a loaded bundle, so that every
 * guard built over one bundle shares them.
 */
class ShapeMemoTest {

    private static final PolicyBundle PACKS = PolicyBundle.load(Repository.file("policies"));

    /** A guard over the shipped packs loaded again: no decision or remedy of another guard is known to it. */
    private static Guard.Builder fresh() {
        return Guard.builder().policies(PolicyBundle.load(Repository.file("policies")));
    }

    @Test
    void aRepeatedDenialGetsTheRemediesOfAFreshSearch() throws IOException {
        List<Transfer> transfers = new ArrayList<>();
        for (String line : Files.readAllLines(Repository.file("guard-benchmarks/src/main/resources/packs/transfers.jsonl"))) {
            if (!line.isBlank()) {
                transfers.add(Transfer.fromJson(line));
            }
        }
        Guard shared = Guard.builder().policies(PACKS).build();
        int denialsWithRemedies = 0;
        for (int round = 0; round < 3; round++) {
            for (Transfer t : transfers) {
                // A bundle of its own, so that its memos are empty: this is a new evaluation and a new search.
                Decision fresh = fresh().build().preview(t);
                Decision again = shared.preview(t);
                assertEquals(fresh.remedies(), again.remedies(), "round " + round + ": " + t.toJson());
                assertEquals(fresh, again);
                denialsWithRemedies += !again.allowed() && !again.remedies().isEmpty() ? 1 : 0;
            }
        }
        assertTrue(denialsWithRemedies > 0, "the transfers include denials with remedies");
    }

    @Test
    void aRepeatedDecisionThatReadNoCounterIsShared() {
        Guard guard = Guard.builder().policies(PACKS).build();
        Transfer toJapan = Transfer.builder().origin("DE").destination("JP").categories("personal.contact")
                .subjects(dev.transferguard.Subjects.of(10, "DE"))
                .recipient(new dev.transferguard.Recipient("acme-jp", "commercial", "JP", false)).build();
        Decision first = guard.decide(toJapan);
        assertTrue(first.allowed(), first.toString());
        assertSame(first, guard.decide(toJapan), "an allow made again allocates no new decision");
        Decision elsewhere = guard.decide(Transfer.builder().origin("DE").destination("CN")
                .categories("personal.contact").subjects(dev.transferguard.Subjects.of(10, "DE"))
                .recipient(new dev.transferguard.Recipient("acme-cn", "commercial", "CN", false)).build());
        assertNotEquals(first, elsewhere, "another shape gets its own decision");
    }

    @Test
    void aDenialWhoseCounterMovedIsSearchedAgain() {
        // 60,000 people to SG without an impact assessment: denied, remedied by pipia alone, while fewer than
        // 100,000 have left CN this year.
        Transfer denied = cnToSg("separate-consent");
        Guard guard = Guard.builder().policies(PACKS).build();
        Decision before = guard.decide(denied);
        assertFalse(before.allowed());
        assertEquals(List.of(Set.of("pipia")), before.remedies());

        // The same export, allowed, counts 60,000: the next denial's shape reads 120,000 people.
        assertTrue(guard.decide(cnToSg("separate-consent", "pipia")).allowed());
        Decision after = guard.decide(denied);
        assertNotSame(before, after, "a decision whose counter crossed a threshold is not shared");
        Decision fresh = fresh().history(List.of(cnToSg("separate-consent", "pipia"))).build().decide(denied);
        assertEquals(fresh, after);
        assertEquals(fresh.remedies(), after.remedies());
        assertNotEquals(before.remedies(), after.remedies(), "past 100,000 people a contract tier is needed too");
    }

    @Test
    void aDecisionWhoseCounterMovedWithoutCrossingAThresholdIsShared() {
        Transfer denied = cnToSg("separate-consent");
        Guard guard = Guard.builder().policies(PACKS).build();
        Decision before = guard.decide(denied);
        assertFalse(before.allowed());
        assertSame(before, guard.decide(denied), "the same counts, the same decision");

        // 1,000 more people have left CN: 61,000 with the denied export, still under every threshold.
        assertTrue(guard.decide(cnToSg(1_000, "separate-consent", "pipia")).allowed());
        Decision after = guard.decide(denied);
        assertSame(before, after, "no comparison of the counter answers otherwise, so the decision is shared");
        assertEquals(fresh().history(List.of(cnToSg(1_000, "separate-consent", "pipia"))).build().decide(denied),
                after);
    }

    @Test
    void subjectsWhoHoldACitizenshipAreNotDecidedAsThoseWhoHoldNoneSaid() {
        // A shape leaves out the words of an empty set of codes: the same residence with no citizenship said, with
        // citizens of KZ and with citizens of RU (whose data 152-FZ keeps in Russia) must still be three shapes,
        // each decided as anew.
        Transfer residents = storeInGermany(List.of());
        Transfer kazakhs = storeInGermany(List.of("KZ"));
        Transfer russians = storeInGermany(List.of("RU"));
        Guard guard = Guard.builder().policies(PACKS).build();
        for (int round = 0; round < 2; round++) {
            for (Transfer t : List.of(residents, kazakhs, russians)) {
                assertEquals(fresh().build().decide(t), guard.decide(t), t.subjects().toString());
            }
        }
        assertTrue(guard.decide(kazakhs).allowed());
        assertFalse(guard.decide(russians).allowed(), "ru.152fz/foreign-database");
    }

    @Test
    void setsOfManyCodesAreDecidedByEveryCodeTheyHold() {
        // Six codes fit the shape's number for a set; a seventh writes the whole set. Russians among the subjects
        // make a store in Germany a denial (ru.152fz/foreign-database), wherever they stand in the set.
        List<String> six = List.of("DE", "FR", "IT", "ES", "NL", "BE");
        List<String> sixWithRussians = List.of("DE", "FR", "IT", "ES", "NL", "RU");
        List<String> seven = List.of("DE", "FR", "IT", "ES", "NL", "BE", "AT");
        List<String> sevenWithRussians = List.of("DE", "FR", "IT", "ES", "NL", "BE", "RU");
        List<String> many = List.of("AT", "BE", "DE", "DK", "ES", "FI", "FR", "IT", "NL", "PL", "PT", "SE");
        List<String> manyWithRussians = List.of("AT", "BE", "DE", "DK", "ES", "FI", "FR", "IT", "NL", "PL", "PT",
                "RU");
        Guard guard = Guard.builder().policies(PACKS).build();
        for (int round = 0; round < 2; round++) {
            for (List<String> citizenship : List.of(six, sixWithRussians, seven, sevenWithRussians, many,
                    manyWithRussians)) {
                Transfer t = storeInGermany(citizenship);
                Decision d = guard.decide(t);
                assertEquals(fresh().build().decide(t), d, citizenship.toString());
                assertEquals(!citizenship.contains("RU"), d.allowed(), citizenship + ": " + d);
            }
        }
    }

    @Test
    void anEntityAttributeIsDecidedByItsValue() {
        // The same transfer from a critical information infrastructure operator (entity.ciio) must stay in CN
        // (CSL Art. 37) where another's is decided on its volume and bases.
        Transfer operator = Transfer.builder().origin("CN").destination("SG").categories("personal.contact")
                .subjects(dev.transferguard.Subjects.of(60_000, "CN")).entity("ciio", true).entity("ftz", false)
                .recipient(new dev.transferguard.Recipient("acme-sg", "commercial", "SG", false))
                .bases("separate-consent", "pipia").build();
        Transfer other = cnToSg("separate-consent", "pipia");
        Guard guard = Guard.builder().policies(PACKS).build();
        for (int round = 0; round < 2; round++) {
            for (Transfer t : List.of(other, operator)) {
                // previewed, so that neither counts towards the volume thresholds
                assertEquals(fresh().build().preview(t), guard.preview(t), t.entity().toString());
            }
        }
        assertTrue(guard.preview(other).allowed());
        assertFalse(guard.preview(operator).allowed());
    }

    private static Transfer storeInGermany(List<String> citizenship) {
        return Transfer.builder().action(dev.transferguard.Action.STORE).origin("DE").destination("DE")
                .categories("personal.contact")
                .subjects(new dev.transferguard.Subjects(List.of("DE"), citizenship, 200, List.of()))
                .recipient(new dev.transferguard.Recipient("acme-de", "commercial", "DE", false)).build();
    }

    private static Transfer cnToSg(String... bases) {
        return cnToSg(60_000, bases);
    }

    private static Transfer cnToSg(long people, String... bases) {
        return Transfer.builder().origin("CN").destination("SG").categories("personal.contact")
                .subjects(dev.transferguard.Subjects.of(people, "CN")).entity("ciio", false).entity("ftz", false)
                .recipient(new dev.transferguard.Recipient("acme-sg", "commercial", "SG", false)).bases(bases)
                .build();
    }

    @Test
    void shapesThatDifferOnlyInTheOrderOfTwoValuesHashApart() {
        // Origin and destination swapped, or a count moved from one field to the next: were the hash blind to
        // places, every such pair would share a bucket and each lookup would compare them.
        long[] shape = {3, 7, 7, 1, 2, 5, 0, 12, 60_000, 20_000, 2, 4, 9};
        int collisions = 0;
        for (int i = 0; i + 1 < shape.length; i++) {
            if (shape[i] == shape[i + 1]) {
                continue;
            }
            long[] swapped = shape.clone();
            swapped[i] = shape[i + 1];
            swapped[i + 1] = shape[i];
            collisions += ShapeMemo.Shape.hash(shape, shape.length) == ShapeMemo.Shape.hash(swapped, shape.length)
                    ? 1 : 0;
        }
        assertEquals(0, collisions);
        assertNotEquals(ShapeMemo.Shape.hash(shape, shape.length), ShapeMemo.Shape.hash(shape, shape.length - 1),
                "a shape and its prefix");
    }
}
