package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.BasesOnFile;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vocabulary v2 in the language: production calendars ({@code working-days(CC) since basis B}) and legal bases
 * limited to jurisdictions or to a recipient (docs/policy-language.md, "Legal bases and dates").
 */
class CalendarsAndLimitedBasesTest {

    /** A calendar for May 2026: 1 May (Friday) and 11 May (Monday) off, Saturday 9 May worked. */
    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            basis notified "notified"
            basis contract "contract"
            calendar RU "test calendar"
              from 2026-05-01 to 2026-05-31
              non-working [2026-05-01, 2026-05-11]
              working [2026-05-09]
            """;

    private static Guard probe(String condition) {
        String pack = """
                policy probe "Probe"
                  default allow

                rule hit
                  deny when %s
                  because "probe"
                """.formatted(condition);
        return Guard.builder().policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "probe.guard", pack)))
                .build();
    }

    private static Transfer.Builder transfer(LocalDate date, LegalBasis... bases) {
        Transfer.Builder b = Transfer.builder().date(date).origin("RU").destination("KZ").categories("personal")
                .subjects(Subjects.of(1, "RU"));
        for (LegalBasis basis : bases) {
            b.basis(basis);
        }
        return b;
    }

    private static boolean holds(String condition, Transfer t) {
        return !probe(condition).decide(t).allowed();
    }

    @ParameterizedTest(name = "notified on Thursday 2026-04-30, on {0}: {1} working days")
    @CsvSource({
        "2026-05-01, 0", // a holiday
        "2026-05-04, 1", // Monday
        "2026-05-08, 5", // Friday
        "2026-05-09, 6", // a Saturday worked
        "2026-05-11, 6", // a Monday off
        "2026-05-12, 7",
        "2026-05-15, 10",
        "2026-05-18, 11"})
    void aCalendarCountsItsOwnWorkingDays(LocalDate date, long expected) {
        Transfer t = transfer(date, new LegalBasis("notified", LocalDate.of(2026, 4, 30), null)).build();
        // 30 April is outside the calendar but counting starts the day after.
        assertTrue(holds("working-days(RU) since basis notified = " + expected, t), date + " " + expected);
        assertFalse(holds("working-days(RU) since basis notified = " + (expected + 1), t));
        // Without the calendar only weekends are off.
        assertFalse(holds("working-days since basis notified = " + expected, t)
                && date.isAfter(LocalDate.of(2026, 5, 8)) && !date.equals(LocalDate.of(2026, 5, 9)));
    }

    @Test
    void daysOutsideTheCalendarAreUnknownWhereTheyDecide() {
        // Notified on 28 May: 29 May (Friday) is a working day, June is outside the calendar.
        LegalBasis late = new LegalBasis("notified", LocalDate.of(2026, 5, 28), null);
        // By 2 June at least 1 and at most 3 working days have run.
        Transfer t = transfer(LocalDate.of(2026, 6, 2), late).build();
        assertTrue(holds("working-days(RU) since basis notified >= 1", t));
        assertFalse(holds("working-days(RU) since basis notified > 3", t));
        // Unknown: a deny reads it as holding either way round.
        assertTrue(holds("working-days(RU) since basis notified >= 2", t));
        assertTrue(holds("not (working-days(RU) since basis notified >= 2)", t));
    }

    @Test
    void aCalendarNoPolicyDeclaresIsALoadError() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> probe("working-days(KZ) since basis notified >= 10"));
        assertTrue(e.getMessage().contains("no calendar declared for 'KZ'"), e.getMessage());
        assertTrue(e.getMessage().contains("probe.guard:5:"), e.getMessage());
    }

    @Test
    void aCalendarListsOnlyDaysThatChangeTheWeekInsideItsDates() {
        String bad = """
                calendar RU
                  from 2026-05-01 to 2026-05-31
                  non-working [2026-05-02, 2026-06-01]
                  working [2026-05-04]
                """;
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyBundle.of(Map.of("calendar.guard", bad)));
        String m = e.getMessage();
        assertTrue(m.contains("2026-05-02 is a saturday: 'non-working' lists weekdays that are not worked"), m);
        assertTrue(m.contains("2026-06-01 is outside the calendar"), m);
        assertTrue(m.contains("2026-05-04 is a monday: 'working' lists weekend days that are worked"), m);
        assertEquals(3, e.diagnostics().size(), m);
    }

    @Test
    void aCalendarOfAnUnknownCodeOrDeclaredTwiceIsRefused() {
        PolicyException unknown = assertThrows(PolicyException.class, () -> PolicyBundle.of(Map.of("c.guard",
                "calendar RX from 2026-01-01 to 2026-12-31 non-working []")));
        assertTrue(unknown.getMessage().contains("unknown jurisdiction or group 'RX'"), unknown.getMessage());
        PolicyException twice = assertThrows(PolicyException.class, () -> PolicyBundle.of(Map.of("c.guard",
                "calendar RU from 2026-01-01 to 2026-12-31 non-working []\n"
                        + "calendar RU from 2027-01-01 to 2027-12-31 non-working []")));
        assertTrue(twice.getMessage().contains("calendar 'RU' is declared twice"), twice.getMessage());
    }

    // ---- limited bases ----

    @Test
    void aBasisLimitedToJurisdictionsCountsOnlyThere() {
        LegalBasis kz = LegalBasis.of("contract").limitedTo("kz", "TR");
        assertEquals(Set.of("KZ", "TR"), kz.jurisdictions());
        assertFalse(holds("not basis contract", transfer(LocalDate.of(2026, 5, 4), kz).build()));
        assertTrue(holds("not basis contract", transfer(LocalDate.of(2026, 5, 4), kz).destination("AM").build()));
        // The recipient's jurisdiction must be covered too.
        assertTrue(holds("not basis contract", transfer(LocalDate.of(2026, 5, 4), kz)
                .recipient(new Recipient("acme", null, "CN", false)).build()));
        assertFalse(holds("not basis contract", transfer(LocalDate.of(2026, 5, 4), kz)
                .recipient(new Recipient("acme", null, "TR", false)).build()));
    }

    @Test
    void aBasisLimitedToARecipientCountsOnlyForItAndItsDaysCountOnlyThere() {
        LegalBasis acme = new LegalBasis("notified", LocalDate.of(2026, 4, 30), null).limitedToRecipient(" ACME ");
        assertEquals("acme", acme.recipient());
        Transfer toAcme = transfer(LocalDate.of(2026, 5, 18), acme).recipient(new Recipient("Acme", null, null, null))
                .build();
        Transfer toOther = transfer(LocalDate.of(2026, 5, 18), acme).recipient(new Recipient("other", null, null, null))
                .build();
        Transfer unnamed = transfer(LocalDate.of(2026, 5, 18), acme).build();
        assertTrue(holds("working-days(RU) since basis notified > 10", toAcme));
        assertFalse(holds("working-days(RU) since basis notified > 10", toOther));
        assertFalse(holds("basis notified", unnamed));
    }

    @Test
    void limitedBasesRoundTripThroughTheJsonForm() {
        String json = """
                {"date": "2026-05-04", "origin": "RU", "destination": "KZ", "categories": ["personal"],
                 "subjects": {"residence": ["RU"], "count": 1},
                 "bases": [{"name": "contract", "jurisdictions": ["KZ", "TR"], "recipient": "Acme"}]}""";
        Transfer t = Transfer.fromJson(json);
        LegalBasis b = t.bases().get(0);
        assertEquals(Set.of("KZ", "TR"), b.jurisdictions());
        assertEquals("acme", b.recipient());
        assertEquals(t, Transfer.fromJson(t.toJson()));
    }

    @Test
    void aLimitToAnUnknownJurisdictionIsBadInput() {
        Transfer t = transfer(LocalDate.of(2026, 5, 4), LegalBasis.of("contract").limitedTo("XX")).build();
        InvalidTransferException e = assertThrows(InvalidTransferException.class, () -> probe("basis contract").decide(t));
        assertTrue(e.getMessage().contains("unknown jurisdiction 'XX' in bases[0].jurisdictions"), e.getMessage());
        // Limits found good are not checked again; limits with an unknown code are refused every time, even after
        // good ones, and on a basis listed second.
        Guard guard = probe("basis contract");
        LegalBasis good = LegalBasis.of("contract").limitedTo("KZ", "TR");
        Transfer fine = transfer(LocalDate.of(2026, 5, 4), good).build();
        for (int round = 0; round < 3; round++) {
            guard.decide(fine);
            InvalidTransferException again = assertThrows(InvalidTransferException.class, () -> guard.decide(t));
            assertTrue(again.getMessage().contains("in bases[0].jurisdictions"), again.getMessage());
            Transfer second = transfer(LocalDate.of(2026, 5, 4), good, LegalBasis.of("contract").limitedTo("KZ", "QQ"))
                    .build();
            InvalidTransferException later = assertThrows(InvalidTransferException.class, () -> guard.decide(second));
            assertTrue(later.getMessage().contains("unknown jurisdiction 'QQ' in bases[1].jurisdictions"),
                    later.getMessage());
        }
        InvalidTransferException json = assertThrows(InvalidTransferException.class, () -> Transfer.fromJson("""
                {"origin": "RU", "destination": "KZ", "categories": ["personal"],
                 "bases": [{"name": "contract", "jurisdictions": "KZ"}]}"""));
        assertTrue(json.getMessage().contains("jurisdictions"), json.getMessage());
    }

    @Test
    void basesOnFileForEveryTransferCountWithinTheirLimits() {
        BasesOnFile file = BasesOnFile.builder()
                .destination("KZ", LegalBasis.of("contract"))
                .everyTransfer(LegalBasis.of("notified").limitedTo("KZ"))
                .build();
        assertEquals(List.of(LegalBasis.of("contract"), LegalBasis.of("notified").limitedTo("KZ")),
                file.forTransfer(null, "KZ"));
        assertEquals(List.of(LegalBasis.of("notified").limitedTo("KZ")), file.forTransfer(null, "AM"));
        Transfer toAm = transfer(LocalDate.of(2026, 5, 4), file.forTransfer(null, "AM").toArray(LegalBasis[]::new))
                .destination("AM").build();
        assertTrue(holds("not basis notified", toAm));
    }
}
