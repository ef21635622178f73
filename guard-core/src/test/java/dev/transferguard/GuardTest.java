package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.transferguard.policy.PolicyBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardTest {

    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            category personal.sensitive.health "health"
            category non-personal "nobody"
            basis separate-consent "consent"
            basis cac-standard-contract "contract"
            basis pi-certification "certification"
            basis prc-authority-approval "approval"
            recipient-kind commercial "company"
            recipient-kind foreign-judicial "court"
            obligation record-keeping "keep records"
            """;

    static final String PACK = """
            policy cn.test "China test pack"
              version 2024-03-22
              applies when origin in CN and destination not in CN
              default allow

            counter exported = distinct subjects of personal per calendar-year

            rule foreign-justice
              deny when recipient.kind in [foreign-judicial] and not basis prc-authority-approval
              because "DSL Art. 36"

            rule consent
              require separate-consent when any category in personal
              oblige [record-keeping]
              because "PIPL Art. 39"

            rule volume
              require one of [cac-standard-contract, pi-certification] when count(exported) >= 100000
              because "2024 Provisions Art. 8"
            """;

    static Guard guard() {
        return Guard.builder().clock(TestClocks.MARCH_1).policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "cn.guard", PACK)))
                .build();
    }

    static Transfer.Builder cnToSg(long count) {
        return Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(Subjects.of(count, "CN"))
                .recipient(new Recipient("acme-sg", "commercial", "SG", false));
    }

    @Test
    void allowsWithConsentUnderTheThresholdAndCarriesObligations() {
        Decision d = guard().decide(cnToSg(60_000).bases("separate-consent").build());
        assertEquals(Outcome.ALLOW, d.outcome(), d.explain());
        assertEquals(List.of("record-keeping"), d.obligations());
        assertTrue(d.policyDigest().startsWith("sha256:"));
    }

    @Test
    void deniesWithoutConsentAndNamesTheRemedy() {
        Decision d = guard().decide(cnToSg(10).build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(1, d.unmet().size());
        assertEquals("consent", d.unmet().get(0).rule());
        assertEquals(List.of(Set.of("separate-consent")), d.remedies());
    }

    @Test
    void volumeAccumulatesOverAllowedTransfersOnly() {
        Guard guard = guard();
        assertTrue(guard.decide(cnToSg(60_000).bases("separate-consent").build()).allowed());
        Decision second = guard.decide(cnToSg(50_000).bases("separate-consent").build());
        assertFalse(second.allowed(), second.explain());
        assertEquals(List.of("cac-standard-contract", "pi-certification"), second.unmet().get(0).anyOf());
        assertEquals(List.of(Set.of("cac-standard-contract"), Set.of("pi-certification")), second.remedies());
        // The denied transfer was not counted: 60,000 + 39,999 stays under the threshold.
        assertTrue(guard.decide(cnToSg(39_999).bases("separate-consent").build()).allowed());
    }

    @Test
    void denyRuleWinsAndItsBasisIsTheRemedy() {
        Transfer t = cnToSg(10).recipient(new Recipient("court", "foreign-judicial", "US", false))
                .bases("separate-consent", "cac-standard-contract").build();
        Decision d = guard().decide(t);
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals("foreign-justice", d.reasons().get(0).rule());
        assertEquals(List.of(Set.of("prc-authority-approval")), d.remedies());
        TransferDeniedException e = assertThrows(TransferDeniedException.class, () -> guard().enforce(t));
        assertTrue(e.getMessage().contains("DSL Art. 36"), e.getMessage());
        assertTrue(e.getMessage().contains("prc-authority-approval"), e.getMessage());
    }

    @Test
    void outsideEveryScopeTheBundleDefaultDecides() {
        Decision d = guard().decide(cnToSg(10).origin("DE").build());
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals("default", d.reasons().get(0).rule());
    }

    @Test
    void unknownCategoryIsAnErrorWithASuggestion() {
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> guard().decide(cnToSg(1).categories("personal.contct").build()));
        assertEquals("unknown category 'personal.contct' in categories[1]; did you mean 'personal.contact'?",
                e.getMessage());
        assertEquals("categories[1]", e.field());
    }

    @Test
    void monitorModeReturnsADenialInsteadOfThrowing() {
        Guard monitor = Guard.builder().clock(TestClocks.MARCH_1).mode(Mode.MONITOR)
                .policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "cn.guard", PACK))).build();
        try (LogCapture captured = LogCapture.of(Guard.class)) {
            Decision d = monitor.enforce(cnToSg(10).subjects(new Subjects(List.of("CN"), List.of(), 1,
                    List.of("customer-4711"))).build());
            assertEquals(Outcome.DENY, d.outcome());
            assertEquals(Mode.MONITOR, monitor.mode());
            // Every denial it lets through is said at WARN, for an alert to catch; with categories, never values.
            List<String> warnings = captured.at(Level.WARN);
            assertEquals(1, warnings.size(), captured.all().toString());
            assertTrue(warnings.get(0).startsWith("Monitor mode let through a transfer that enforce mode would deny:"
                    + " CN -> SG (personal.contact): "), warnings.get(0));
            assertTrue(warnings.get(0).contains(d.reasons().get(0).rule()), warnings.get(0));
            assertFalse(captured.all().toString().contains("customer-4711"), "no subject id in the log");
        }
    }

    @Test
    void offModeDecidesNothing() {
        Guard off = Guard.builder().clock(TestClocks.MARCH_1).mode(Mode.OFF)
                .policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "cn.guard", PACK))).build();
        Decision d = off.enforce(cnToSg(10).categories("no.such.category").build());
        assertTrue(d.allowed());
        assertEquals("off", d.reasons().get(0).rule());
    }
}
