package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Outcome;
import dev.transferguard.Recipient;
import dev.transferguard.Repository;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attacks of leaving a fact out, or naming a coarser category, under the shipped packs: each was an allow,
 * each is now judged by its worst case (docs/policy-language.md, "Facts a transfer leaves out").
 */
class MissingFactsTest {

    static final PolicyBundle POLICIES = PolicyBundle.load(Repository.file("policies"));
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    static Guard guard() {
        return Guard.builder().policies(POLICIES).build();
    }

    /**
     * U.S. persons' data brokered to Venezuela, a country of concern under 28 CFR Part 202 that PADFA does not
     * name: the transfer of the attacks, fully stated, judged by Part 202 alone.
     */
    static Transfer.Builder brokerage(String category, long count) {
        return Transfer.builder().date(DAY).origin("US").destination("VE").categories(category)
                .subjects(Subjects.of(count, "US")).recipient(new Recipient("broker-ve", "commercial", null, false))
                .transaction("data-brokerage");
    }

    static void assertDeniedBy(String rule, Decision d) {
        assertEquals(Outcome.DENY, d.outcome(), d::explain);
        assertTrue(d.reasons().stream().anyMatch(r -> (r.pack() + "/" + r.rule()).equals(rule)), d::explain);
    }

    @Test
    void aCoarseCategoryIsCaughtByTheRuleForWhatItMayContain() {
        // 101 people: over the genomic threshold (100), under every other one.
        assertDeniedBy("us.dsp/prohibited-data-brokerage", guard().decide(brokerage("personal.sensitive", 101).build()));
        assertDeniedBy("us.dsp/prohibited-omic", guard().decide(brokerage("personal", 101).build()));
        assertEquals(Outcome.ALLOW, guard().decide(brokerage("personal.sensitive", 100).build()).outcome());
    }

    @Test
    void aCoarseCategoryIsCountedByTheCounterOfWhatItMayContain() {
        Guard guard = guard();
        // 60 people may be genomic data: under the threshold of 100, allowed and counted toward it.
        Decision d = guard.decide(brokerage("personal.sensitive", 60).transaction("vendor-agreement")
                .bases("cisa-security-requirements", "data-compliance-program").build());
        assertEquals(Outcome.ALLOW, d.outcome(), d::explain);
        Decision next = guard.decide(brokerage("personal.sensitive", 60).transaction("vendor-agreement")
                .bases("cisa-security-requirements", "data-compliance-program").build());
        // 120 with the same counterparty may be genomic.
        assertDeniedBy("us.dsp/prohibited-omic", next);
    }

    @Test
    void aResidenceLeftOutMayBeTheUnitedStates() {
        Transfer t = brokerage("personal.sensitive.health", 50_000).subjects(new Subjects(List.of(), List.of(), 50_000,
                List.of())).build();
        assertDeniedBy("us.dsp/prohibited-data-brokerage", guard().decide(t));
    }

    @Test
    void aTransactionLeftOutMayBeDataBrokerage() {
        assertDeniedBy("us.dsp/prohibited-data-brokerage",
                guard().decide(brokerage("personal.sensitive.health", 50_000).transaction(null).build()));
    }

    @Test
    void aRecipientKindLeftOutMayBeAForeignCourt() {
        Transfer t = Transfer.builder().date(DAY).origin("CN").destination("SG").categories("personal.contact")
                .subjects(Subjects.of(10, "CN")).bases("separate-consent", "pipia").build();
        assertDeniedBy("cn.pipl/foreign-justice", guard().decide(t));
    }

    @Test
    void aPurposeLeftOutWaivesNothing() {
        Transfer t = Transfer.builder().date(DAY).origin("CN").destination("SG").categories("personal.contact")
                .subjects(Subjects.of(2_000_000, "CN")).recipient(new Recipient("acme-sg", "commercial", null, false))
                .bases("separate-consent", "pipia").build();
        Decision d = guard().decide(t);
        assertEquals(Outcome.DENY, d.outcome(), d::explain);
        assertTrue(d.reasons().stream().noneMatch(r -> r.rule().endsWith("-exemption")), d::explain);
    }

    @Test
    void aRecipientNotSaidToBeACoveredPersonMayBeOne() {
        // Singapore is no country of concern: only the recipient's standing brings the brokerage under Part 202.
        Transfer.Builder sg = brokerage("personal.sensitive.health", 50_000).destination("SG")
                .bases("onward-transfer-contract");
        assertEquals(Outcome.ALLOW, guard().decide(sg.build()).outcome());
        assertDeniedBy("us.dsp/prohibited-data-brokerage",
                guard().decide(sg.recipient(new Recipient("broker-sg", "commercial", null, null)).build()));
    }

    @Test
    void anExporterAttributeLeftOutIsItsWorst() {
        Transfer.Builder store = Transfer.builder().date(DAY).action(dev.transferguard.Action.STORE).origin("CN")
                .destination("SG").categories("personal.contact").subjects(Subjects.of(10, "CN"))
                .recipient(new Recipient("acme-sg", "commercial", null, false)).bases("separate-consent", "pipia");
        // Whether the exporter operates critical information infrastructure decides where it may store.
        assertDeniedBy("cn.pipl/ciio-localisation", guard().decide(store.build()));
        assertEquals(Outcome.ALLOW, guard().decide(store.entity("ciio", false).entity("ftz", false).build()).outcome());
        // Said once for the whole service, it reaches the transfers of its guarded methods (GuardProtectTest).
    }

    @Test
    void aCountLeftOutIsRefusedWhereACounterWouldCountTheTransfer() {
        Transfer t = brokerage("personal.sensitive.genomic", 1).subjects(Subjects.of(0, "US")).build();
        InvalidTransferException e = assertThrows(InvalidTransferException.class, () -> guard().decide(t));
        assertTrue(e.getMessage().contains("subjects.count is missing"), e.getMessage());
        assertThrows(InvalidTransferException.class, () -> guard().preview(t));
        // Where no counter counts it, a count is not needed: non-personal data.
        Transfer nonPersonal = Transfer.builder().date(DAY).origin("US").destination("CN").categories("non-personal")
                .build();
        assertEquals(Outcome.ALLOW, guard().decide(nonPersonal).outcome());
    }

    @Test
    void aCountLeftOutIsRefusedAgainAfterTheSameTransferWithItsCountWasDecided() {
        Guard g = guard();
        Transfer counted = brokerage("personal.sensitive.genomic", 1).build();
        Transfer uncounted = brokerage("personal.sensitive.genomic", 1).subjects(Subjects.of(0, "US")).build();
        Transfer nonPersonal = Transfer.builder().date(DAY).origin("US").destination("CN").categories("non-personal")
                .build();
        // Decided twice each, so that the second decision of each is the one kept from the first.
        for (int i = 0; i < 2; i++) {
            Outcome outcome = g.preview(counted).outcome();
            assertEquals(outcome, g.preview(counted).outcome());
            InvalidTransferException e = assertThrows(InvalidTransferException.class, () -> g.preview(uncounted));
            assertTrue(e.getMessage().contains("subjects.count is missing"), e.getMessage());
            assertEquals(Outcome.ALLOW, g.preview(nonPersonal).outcome());
        }
    }
}
