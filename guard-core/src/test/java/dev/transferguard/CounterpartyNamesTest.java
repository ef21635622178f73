package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.policy.PolicyBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-counterparty counters once keyed on the raw recipient name: a zero-width space, a trailing space, a case
 * change, a soft hyphen or a Cyrillic look-alike letter each started a fresh counter, so that one counterparty
 * received six times the bulk threshold, all allowed.
 */
class CounterpartyNamesTest {

    private static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            recipient-kind commercial "company"
            """;
    /** At most 100 people a counterparty over 12 months. */
    private static final String PACK = """
            policy p "bulk per counterparty"
              version 1
              applies when origin in [US]
              default allow
            counter sent = distinct subjects of personal
              per 12 months per counterparty
            rule bulk
              deny when count(sent) > 100
              because "at most 100 people to one counterparty in 12 months"
            """;

    private static Guard guard() {
        return Guard.builder().policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "p.guard", PACK)))
                .build();
    }

    private static Transfer to(String recipient, long people) {
        return Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("US").destination("SG")
                .categories("personal").subjects(Subjects.of(people, "US"))
                .recipient(new Recipient(recipient, "commercial", null, false)).build();
    }

    @Test
    void spellingsOfOneCounterpartyShareOneCounter() {
        Guard guard = guard();
        assertTrue(guard.decide(to("acme", 100)).allowed());
        // The case, a trailing space, inner white space, a full-width form: all the same counterparty.
        for (String variant : List.of("ACME", "acme ", " Acme", "\uff41\uff43\uff4d\uff45")) {
            Decision d = guard.decide(to(variant, 1));
            assertFalse(d.allowed(), variant + ": " + d.explain());
        }
        assertEquals("acme", new Recipient("  ACME  ", null, null, false).name());
        assertEquals("acme sg", new Recipient("Acme    SG", null, null, false).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ac\u200bme", "acme\u00ad", "ac\u2028me", "\u202eemca", "acme\u2066", "a\ufeffcme",
            "\u0430cme"})
    void namesThatReadAsAnotherAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Recipient(name, "commercial", null, false));
        assertTrue(e.getMessage().startsWith("recipient.name "), e.getMessage());
        assertFalse(e.getMessage().contains(name), "the message names no name: " + e.getMessage());
    }

    @Test
    void theJsonReaderRefusesThemAtTheirPlace() {
        String json = "{\"origin\":\"US\",\"destination\":\"SG\",\"categories\":[\"personal\"],"
                + "\"recipient\":{\"name\":\"\u0430cme\"}}";
        InvalidTransferException e = assertThrows(InvalidTransferException.class, () -> Transfer.fromJson(json));
        assertTrue(e.getMessage().contains(":1:81:"), e.getMessage());
        assertTrue(e.getMessage().contains("mixes scripts"), e.getMessage());
    }

    @Test
    void singleScriptNamesAndEastAsianMixesAreWelcome() {
        assertEquals("яндекс", new Recipient("Яндекс", null, null, false).name());
        assertEquals("acme 株式会社", new Recipient("ACME 株式会社", null, null, false).name());
        assertEquals("müller gmbh", new Recipient("Müller GmbH", null, null, false).name());
    }

    @Test
    void basesOnFileAreFoundUnderAnySpellingOfTheRecipient() {
        BasesOnFile bases = BasesOnFile.builder().recipient("ACME-SG ", LegalBasis.of("contract")).build();
        assertEquals(List.of(LegalBasis.of("contract")),
                bases.forTransfer(new Recipient("acme-sg", null, null, false).name(), "SG"));
    }
}
