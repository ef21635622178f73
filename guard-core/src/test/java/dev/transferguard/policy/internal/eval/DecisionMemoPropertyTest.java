package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.transferguard.Decision;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Recipient;
import dev.transferguard.Repository;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.LoadedBundle;
import dev.transferguard.policy.internal.compile.Program;
import dev.transferguard.policy.internal.remedy.Remedies;
import dev.transferguard.policy.internal.syntax.PolicyGen;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A bundle that keeps its decisions (per shape of the facts, and per band of each counter read) decides exactly
 * as a bundle that evaluates every transfer anew, remedies included, and reads the same counters in the same
 * order: while the counters move between calls to just below, at and just above each count at which a
 * comparison of them changes its answer.
 */
class DecisionMemoPropertyTest {

    /**
     * Counts set by the test rather than by transfers: at each moment every counter stands at, just below or
     * just above one of its steps (or near 0 when it has none), the same whoever asks. Every read is listed.
     */
    static final class ScriptedStore implements CounterStore {
        long moment;
        final List<String> reads = new ArrayList<>();

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
            throw new AssertionError("the evaluator tells the store the counter's steps");
        }

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current,
                long[] steps) {
            reads.add(counter + " " + counterparty + " " + fromDay + ".." + toDay + " "
                    + (current == null ? "not counted" : current.count()));
            Random r = new Random(moment * 1_000_003L + (counter + "/" + counterparty).hashCode());
            if (steps.length == 0) {
                return r.nextInt(3);
            }
            return Math.max(0, steps[r.nextInt(steps.length)] + r.nextInt(4) - 2);
        }

        @Override
        public void record(String counter, String counterparty, long day, Subjects subjects) {
        }

        @Override
        public void forget(String counter, long beforeDay) {
        }
    }

    /** One call: which transfer of the pool, and the moment the counters stand at (none: no store). */
    record Call(int transfer, long moment, boolean withStore) {
    }

    @Provide
    Arbitrary<PolicyGen.BundleSpec> bundles() {
        return PolicyGen.bundle();
    }

    /**
     * A transfer, and transfers that differ from it in one fact each (or only in their lists: categories, entity
     * and bases), taken from others: a shape that left out a fact would give one of them another's decision. A
     * count is raised to the transfer's distinct ids where it would be below them. And the transfer's values
     * made again in new objects, about other people, which must share its decisions.
     */
    @Provide
    Arbitrary<List<Transfer>> pools() {
        return Combinators.combine(PolicyGen.transfer(true), PolicyGen.transfer(true).list().ofMaxSize(2))
                .as(DecisionMemoPropertyTest::withVariants);
    }

    static List<Transfer> withVariants(Transfer base, List<Transfer> others) {
        List<Transfer> pool = new ArrayList<>(List.of(base));
        Recipient r = base.recipient();
        Subjects s = base.subjects();
        for (Transfer o : others) {
            Recipient or = o.recipient();
            Subjects os = o.subjects();
            List<java.util.function.Supplier<Transfer>> variants = List.of(
                    () -> base.toBuilder().action(o.action()).build(),
                    () -> base.toBuilder().date(o.date()).build(),
                    () -> base.toBuilder().origin(o.origin()).build(),
                    () -> base.toBuilder().destination(o.destination()).build(),
                    () -> base.toBuilder().transaction(o.transaction()).build(),
                    () -> base.toBuilder().purpose(o.purpose()).build(),
                    () -> base.toBuilder().recipient(new Recipient(r.name(), or.kind(), r.jurisdiction(),
                            r.coveredPerson())).build(),
                    () -> base.toBuilder().recipient(new Recipient(r.name(), r.kind(), or.jurisdiction(),
                            r.coveredPerson())).build(),
                    () -> base.toBuilder().recipient(new Recipient(r.name(), r.kind(), r.jurisdiction(),
                            or.coveredPerson())).build(),
                    () -> base.toBuilder().subjects(new Subjects(os.residence(), s.citizenship(), s.count(),
                            s.ids())).build(),
                    () -> base.toBuilder().subjects(new Subjects(s.residence(), os.citizenship(), s.count(),
                            s.ids())).build(),
                    () -> base.toBuilder().subjects(new Subjects(s.residence(), s.citizenship(),
                            Math.max(os.count(), s.ids().size()), s.ids())).build(),
                    () -> base.toBuilder().recipient(new Recipient(or.name(), r.kind(), r.jurisdiction(),
                            r.coveredPerson())).build(),
                    // The same values in new objects, about other people: the decisions kept for the transfer,
                    // with its counters read for these people.
                    () -> base.toBuilder().subjects(new Subjects(s.residence(), s.citizenship(), s.count(),
                            s.count() > 0 ? List.of("another-" + s.ids().size()) : List.of())).build(),
                    // The lists (categories, entity and bases) can only be added to: the other's, with the
                    // transfer's single facts.
                    () -> o.toBuilder().action(base.action()).date(base.date()).origin(base.origin())
                            .destination(base.destination()).subjects(s).recipient(r)
                            .transaction(base.transaction()).purpose(base.purpose()).build());
            for (java.util.function.Supplier<Transfer> v : variants) {
                pool.add(v.get());
            }
        }
        return pool;
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        // Few moments, so that counters come back to bands seen before and the kept decisions are used.
        return Combinators.combine(Arbitraries.integers().between(0, 26), Arbitraries.longs().between(0, 5),
                Arbitraries.of(true, true, true, false)).as(Call::new).list().ofMinSize(4).ofMaxSize(60);
    }

    @Property(tries = 400)
    void keptDecisionsAreThoseOfAnEvaluationAnew(@ForAll("bundles") PolicyGen.BundleSpec spec,
            @ForAll("pools") List<Transfer> pool, @ForAll("calls") List<Call> calls) {
        Program program = program(CompiledEqualsInterpreterPropertyTest.load(spec));
        Agreement agreement = new Agreement(program);
        for (Call c : calls) {
            agreement.check(pool.get(c.transfer() % pool.size()), c.moment(), c.withStore(), spec.source());
        }
    }

    @Example
    void theShippedPacksDecideTheirTransfersAsAnewWhileTheirCountersCrossTheirThresholds() throws IOException {
        Program program = program(PolicyBundle.load(Repository.file("policies")));
        List<Transfer> transfers = new ArrayList<>();
        for (String line : Files.readAllLines(Repository.file("guard-benchmarks/src/main/resources/packs/transfers.jsonl"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                transfers.add(Transfer.fromJson(line));
            }
        }
        // 60,000 people from CN to SG: the volume thresholds of the CN pack decide them.
        for (String[] bases : List.of(new String[0], new String[] {"separate-consent"},
                new String[] {"separate-consent", "pipia"})) {
            transfers.add(Transfer.builder().origin("CN").destination("SG").categories("personal.contact")
                    .subjects(Subjects.of(60_000, "CN")).entity("ciio", false).entity("ftz", false)
                    .recipient(new dev.transferguard.Recipient("acme-sg", "commercial", "SG", false)).bases(bases)
                    .build());
        }
        Agreement agreement = new Agreement(program);
        for (long moment = 0; moment < 40; moment++) {
            for (Transfer t : transfers) {
                boolean givenBefore = agreement.check(t, moment % 7, true, "shipped packs");
                // The counters stand as they stood 7 calls before: every decision, a denial whose remedy search
                // read a counter included, is the one kept then.
                if (moment >= 7) {
                    assertTrue(givenBefore, "a decision made again with the counters as before is the one kept: " + t);
                }
            }
        }
        assertTrue(agreement.counterReadingDecisions > 0, "some transfers read a volume counter");
        assertTrue(agreement.keptCounterReadingDecisions > 0, "some decisions that read a counter were kept");
    }

    private static Program program(PolicyBundle bundle) {
        return Program.compile(LoadedBundle.compiledOf(bundle).model());
    }

    /** A bundle that keeps its decisions, checked call by call against bundles that have kept nothing. */
    private static final class Agreement {
        private final Program program;
        private final CompiledBundle keeping;
        private final ScriptedStore store = new ScriptedStore();
        private final Set<Decision> given = Collections.newSetFromMap(new IdentityHashMap<>());
        int counterReadingDecisions;
        int keptCounterReadingDecisions;

        Agreement(Program program) {
            this.program = program;
            this.keeping = new CompiledBundle(program, new Remedies(program));
        }

        /** @return whether the kept bundle refused the transfer or gave the very decision it had given before */
        boolean check(Transfer t, long moment, boolean withStore, String source) {
            store.moment = moment;
            store.reads.clear();
            Decision kept = decide(keeping, t, withStore);
            List<String> keptReads = List.copyOf(store.reads);
            store.reads.clear();
            Decision anew = decide(new CompiledBundle(program, new Remedies(program)), t, withStore);
            List<String> anewReads = List.copyOf(store.reads);
            if (kept == null || anew == null) {
                assertEquals(anew == null, kept == null, "both refuse the transfer, or neither: " + t);
                return true;
            }
            String where = "moment " + moment + (withStore ? "" : " without a store") + ", transfer " + t + "\n"
                    + source;
            assertEquals(anewReads, keptReads, "the counters read, in order: " + where);
            if (!kept.equals(anew) || !kept.remedies().equals(anew.remedies())) {
                fail("kept " + kept.explain() + "\nanew " + anew.explain() + "\n" + where);
            }
            boolean givenBefore = given.contains(kept);
            if (!anewReads.isEmpty()) {
                counterReadingDecisions++;
                keptCounterReadingDecisions += givenBefore ? 1 : 0;
            }
            given.add(kept);
            return givenBefore;
        }

        private Decision decide(CompiledBundle bundle, Transfer t, boolean withStore) {
            try {
                return bundle.decide(t, withStore ? store : null);
            } catch (InvalidTransferException e) {
                return null;
            }
        }
    }
}
