package dev.transferguard.policy.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.transferguard.Decision;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Repository;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.internal.LoadedBundle;
import dev.transferguard.policy.internal.compile.Program;
import dev.transferguard.policy.internal.remedy.Remedies;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transfer of the same values as one decided before is answered from the decisions kept for it, whatever its
 * subjects' ids and whichever objects hold its values; a transfer that differs in any value other than the ids
 * is not; a counter read on the way counts the transfer being decided; and the memo stays bounded.
 */
class TransferMemoTest {

    private static final Program PACKS = Program.compile(
            LoadedBundle.compiledOf(PolicyBundle.load(Repository.file("policies"))).model());

    /** Every read of a counter, with the subjects the transfer being decided added to it. */
    private static final class ListeningStore implements CounterStore {
        final List<Subjects> counted = new ArrayList<>();

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
            counted.add(current);
            return current == null ? 0 : current.count();
        }

        @Override
        public void record(String counter, String counterparty, long day, Subjects subjects) {
        }

        @Override
        public void forget(String counter, long beforeDay) {
        }
    }

    private static CompiledBundle bundle() {
        return new CompiledBundle(PACKS, new Remedies(PACKS));
    }

    /** 60,000 people from CN to SG: the volume thresholds of the CN pack decide it, so a counter is read. */
    private static Transfer cnToSg(List<String> ids, String... bases) {
        return Transfer.builder().date(LocalDate.of(2026, 3, 2)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(new Subjects(List.of("CN"), List.of(), 60_000, ids))
                .entity("ciio", false).entity("ftz", false)
                .recipient(new Recipient("acme-sg", "commercial", "SG", false)).bases(bases).build();
    }

    @Test
    void theSameValuesAboutOtherPeopleGetTheDecisionKept() {
        CompiledBundle bundle = bundle();
        Transfer first = Transfer.builder().date(LocalDate.of(2026, 3, 2)).origin("DE").destination("JP")
                .categories("personal.contact").subjects(new Subjects(List.of("DE"), List.of(), 2, List.of("a", "b")))
                .recipient(new Recipient("acme-jp", "commercial", "JP", false)).build();
        Decision d = bundle.decide(first, null);
        Transfer again = Transfer.fromJson(first.toJson().replace("\"a\",\"b\"", "\"c\""));
        assertEquals(List.of("c"), again.subjects().ids(), "the copy is about someone else");
        assertSame(d, bundle.decide(again, null), "the decision kept for the same values");
    }

    @Test
    void aCounterReadThroughTheMemoCountsTheTransferBeingDecided() {
        CompiledBundle bundle = bundle();
        ListeningStore store = new ListeningStore();
        Transfer first = cnToSg(List.of("a"), "separate-consent", "pipia");
        Decision d = bundle.decide(first, store);
        assertFalse(store.counted.isEmpty(), "the CN pack reads its volume counter");
        store.counted.clear();

        Transfer second = cnToSg(List.of("b"), "separate-consent", "pipia");
        assertSame(d, bundle.decide(second, store), "the same bands, the decision kept");
        assertFalse(store.counted.isEmpty(), "the counter is read again for the new transfer");
        for (Subjects counted : store.counted) {
            if (counted != null) {
                assertSame(second.subjects(), counted, "the people counted are those of the transfer decided");
            }
        }
    }

    @Test
    void aTransferThatDiffersInAnyValueButTheIdsIsDecidedOnItsOwn() {
        Transfer base = cnToSg(List.of(), "separate-consent", "pipia");
        Subjects s = base.subjects();
        Recipient r = base.recipient();
        List<Transfer> others = List.of(
                base.toBuilder().destination("JP").recipient(new Recipient("acme-sg", "commercial", "JP", false))
                        .build(),
                base.toBuilder().date(LocalDate.of(2026, 3, 3)).build(),
                base.toBuilder().subjects(new Subjects(s.residence(), s.citizenship(), 60_001, List.of())).build(),
                base.toBuilder().subjects(new Subjects(List.of("CN", "DE"), s.citizenship(), 60_000, List.of()))
                        .build(),
                base.toBuilder().recipient(new Recipient("acme-sg-2", r.kind(), r.jurisdiction(), false)).build(),
                base.toBuilder().entity("ciio", true).build(),
                base.toBuilder().purpose("marketing").build(),
                cnToSg(List.of(), "separate-consent"));
        CompiledBundle bundle = bundle();
        Decision kept = bundle.decide(base, null);
        for (Transfer other : others) {
            Decision anew = bundle().decide(other, null);
            Decision decided = bundle.decide(other, null);
            assertEquals(anew, decided, other.toJson());
            assertEquals(anew.remedies(), decided.remedies(), other.toJson());
        }
        assertSame(kept, bundle.decide(base, null), "the first transfer's decision is still kept");
    }

    /** The transfer with one value replaced: {@code part} is the record component's position. */
    private static Transfer with(Transfer t, int part, Object value) {
        Object[] v = {t.action(), t.date(), t.origin(), t.destination(), t.categories(), t.subjects(), t.entity(),
            t.recipient(), t.transaction(), t.purpose(), t.bases()};
        v[part] = value;
        @SuppressWarnings("unchecked")
        Transfer changed = new Transfer((dev.transferguard.Action) v[0], (LocalDate) v[1], (String) v[2],
                (String) v[3], (List<String>) v[4], (Subjects) v[5], (java.util.Map<String, Object>) v[6],
                (Recipient) v[7], (String) v[8], (String) v[9], (List<LegalBasis>) v[10]);
        return changed;
    }

    @Test
    void entriesWhoseHashesMeetAreToldApartByEveryValueButTheIds() {
        Transfer base = new Transfer(dev.transferguard.Action.TRANSFER, LocalDate.of(2026, 3, 2), "CN", "SG",
                List.of("personal.contact"), new Subjects(List.of("CN"), List.of("CN"), 10, List.of("a")),
                java.util.Map.of("ciio", false), new Recipient("acme-sg", "commercial", "SG", false), "other",
                "customer-support", List.of(new LegalBasis("pipia", LocalDate.of(2026, 1, 1), null).limitedTo("SG")
                        .limitedToRecipient("acme-sg")));
        Subjects s = base.subjects();
        Recipient r = base.recipient();
        LegalBasis b = base.bases().get(0);
        List<Transfer> others = List.of(
                with(base, 0, dev.transferguard.Action.STORE),
                with(base, 1, LocalDate.of(2026, 3, 3)),
                with(base, 2, "HK"),
                with(base, 3, "JP"),
                with(base, 4, List.of("personal.contact", "personal.identity")),
                with(base, 5, new Subjects(s.residence(), s.citizenship(), 11, s.ids())),
                with(base, 5, new Subjects(List.of("DE"), s.citizenship(), 10, s.ids())),
                with(base, 5, new Subjects(s.residence(), List.of(), 10, s.ids())),
                with(base, 6, java.util.Map.of("ciio", true)),
                with(base, 6, java.util.Map.of("ciio", false, "ftz", false)),
                with(base, 6, java.util.Map.of()),
                with(base, 7, new Recipient("acme-hk", r.kind(), r.jurisdiction(), r.coveredPerson())),
                with(base, 7, new Recipient(r.name(), "government", r.jurisdiction(), r.coveredPerson())),
                with(base, 7, new Recipient(r.name(), r.kind(), "HK", r.coveredPerson())),
                with(base, 7, new Recipient(r.name(), r.kind(), r.jurisdiction(), null)),
                with(base, 8, null),
                with(base, 9, "marketing"),
                with(base, 10, List.of(new LegalBasis("separate-consent", b.since(), b.until(), b.jurisdictions(),
                        b.recipient()))),
                with(base, 10, List.of(new LegalBasis(b.name(), null, b.until(), b.jurisdictions(), b.recipient()))),
                with(base, 10, List.of(new LegalBasis(b.name(), b.since(), LocalDate.of(2027, 1, 1),
                        b.jurisdictions(), b.recipient()))),
                with(base, 10, List.of(new LegalBasis(b.name(), b.since(), b.until(), java.util.Set.of("SG", "HK"),
                        b.recipient()))),
                with(base, 10, List.of(new LegalBasis(b.name(), b.since(), b.until(), b.jurisdictions(), null))));
        DecisionTrie decisions = DecisionTrie.with(null, PACKS, PACKS.newFacts(), bundle().decide(
                cnToSg(List.of(), "separate-consent", "pipia"), null));
        TransferMemo memo = new TransferMemo();
        int hash = 42;
        memo.put(base, hash, decisions);
        for (Transfer other : others) {
            assertNull(memo.get(other, hash), "another value: " + other.toJson());
        }
        Transfer aboutSomeoneElse = with(base, 5, new Subjects(s.residence(), s.citizenship(), 10, List.of("b")));
        assertSame(decisions, memo.get(aboutSomeoneElse, hash), "the same values about someone else");
        assertSame(decisions, memo.get(Transfer.fromJson(base.toJson()), hash), "the same values in new objects");
    }

    @Test
    void transfersWhoseHashesMeetAreKeptInAChainOfBoundedLength() {
        DecisionTrie decisions = DecisionTrie.with(null, PACKS, PACKS.newFacts(), bundle().decide(
                cnToSg(List.of(), "separate-consent", "pipia"), null));
        TransferMemo memo = new TransferMemo();
        List<Transfer> colliding = new ArrayList<>();
        for (int i = 0; i <= TransferMemo.MAX_CHAIN; i++) {
            colliding.add(Transfer.builder().origin("CN").destination("SG").categories("personal.contact")
                    .purpose("purpose-" + i).build());
        }
        for (Transfer t : colliding) {
            memo.put(t, 7, decisions);
        }
        for (int i = 0; i < TransferMemo.MAX_CHAIN; i++) {
            assertSame(decisions, memo.get(colliding.get(i), 7), "kept: " + i);
        }
        assertNull(memo.get(colliding.get(TransferMemo.MAX_CHAIN), 7), "a full chain grows no longer");
        memo.put(colliding.get(0), 7, decisions);
        assertSame(decisions, memo.get(colliding.get(0), 7), "a transfer kept already is kept on");
    }

    @Test
    void theMemoKeepsAtMostItsCapacityAndStartsAgainWhenFull() {
        Transfer t = cnToSg(List.of(), "separate-consent", "pipia");
        // The decisions of a shape that read no counter: one leaf.
        DecisionTrie decisions = DecisionTrie.with(null, PACKS, PACKS.newFacts(), bundle().decide(t, null));
        assertNotNull(decisions);

        TransferMemo memo = new TransferMemo();
        List<Transfer> transfers = new ArrayList<>();
        for (int i = 0; i <= TransferMemo.CAPACITY; i++) {
            transfers.add(t.toBuilder().subjects(new Subjects(List.of("CN"), List.of(), 1 + i, List.of())).build());
        }
        for (int i = 0; i < TransferMemo.CAPACITY; i++) {
            memo.put(transfers.get(i), TransferMemo.hash(transfers.get(i)), decisions);
        }
        assertSame(decisions, memo.get(transfers.get(0), TransferMemo.hash(transfers.get(0))), "full, not over");
        Transfer last = transfers.get(TransferMemo.CAPACITY);
        memo.put(last, TransferMemo.hash(last), decisions);
        assertSame(decisions, memo.get(last, TransferMemo.hash(last)));
        assertNull(memo.get(transfers.get(0), TransferMemo.hash(transfers.get(0))), "started again empty");
    }
}
