package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Action;
import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each construct of the policy language (docs/policy-language.md, "Conditions"), shown to match and not to
 * match. A condition is probed as the only rule of a pack, {@code deny when CONDITION}: the transfer is denied
 * exactly when the condition holds.
 */
class LanguageConstructsTest {

    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            category personal.sensitive.health "health"
            category staff "employees"
            category staff.payroll "payroll"
            category non-personal "nobody"
            group NORDIC = [DK, FI, IS, NO, SE] "The Nordic countries"
            group NORDIC_AND_BALTIC = [NORDIC, EE, LV, LT]
            basis separate-consent "consent"
            basis works-council-approval "approval"
            basis rkn-notified "notified"
            recipient-kind commercial "company"
            recipient-kind auditor "auditor"
            transaction vendor-agreement "vendor"
            transaction data-brokerage "brokerage"
            purpose statutory-audit "audit"
            purpose hr-management "hr"
            attribute entity.listed boolean "listed"
            attribute entity.employees number "employees"
            attribute entity.sector one of [finance, health, retail] "sector"
            """;

    /** 2026-03-04 is a Wednesday. */
    static final LocalDate WEDNESDAY = LocalDate.of(2026, 3, 4);

    static Transfer.Builder transfer() {
        return Transfer.builder().date(WEDNESDAY).origin("CN").destination("SG").categories("personal.contact")
                .subjects(Subjects.of(10, "CN"));
    }

    /** Probes by condition; they count nothing, so one guard per condition serves every test. */
    private static final Map<String, Guard> PROBES = new ConcurrentHashMap<>();

    static Guard probe(String condition) {
        return PROBES.computeIfAbsent(condition, LanguageConstructsTest::compile);
    }

    private static Guard compile(String condition) {
        boolean permitting = condition.startsWith("allow:");
        String pack = """
                policy probe "Probe"
                  default %s

                rule hit
                  %s when %s
                  because "probe"
                """.formatted(permitting ? "deny" : "allow", permitting ? "allow" : "deny",
                permitting ? condition.substring("allow:".length()) : condition);
        return Guard.builder().policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "probe.guard", pack)))
                .build();
    }

    static boolean holds(String condition, Transfer t) {
        Decision d = probe(condition).decide(t);
        return !d.allowed();
    }

    static void assertHolds(String condition, Transfer.Builder t) {
        assertTrue(holds(condition, t.build()), () -> "expected to hold: " + condition + " for " + t.build());
    }

    static void assertFails(String condition, Transfer.Builder t) {
        assertFalse(holds(condition, t.build()), () -> "expected not to hold: " + condition + " for " + t.build());
    }

    /**
     * A condition over a fact the transfer leaves out, or a category that may contain the named one: unknown,
     * which a restricting rule reads as holding and a permitting rule as not holding (docs/policy-language.md,
     * "Facts a transfer leaves out").
     */
    static void assertUnknown(String condition, Transfer.Builder t) {
        assertHolds(condition, t);
        assertFalse(probe("allow:" + condition).decide(t.build()).allowed(),
                () -> "expected an allow rule not to match: " + condition + " for " + t.build());
    }

    // ---- jurisdiction fields ----

    @Test
    void originInNotInIsAndIsNot() {
        assertHolds("origin in [CN, HK]", transfer());
        assertFails("origin in [CN, HK]", transfer().origin("DE"));
        assertHolds("origin not in [CN, HK]", transfer().origin("DE"));
        assertFails("origin not in [CN, HK]", transfer());
        assertHolds("origin is CN", transfer());
        assertFails("origin is CN", transfer().origin("HK"));
        assertHolds("origin is not CN", transfer().origin("HK"));
        assertFails("origin is not CN", transfer());
    }

    @Test
    void aSingleNameStandsForAListOfOne() {
        assertHolds("origin in CN", transfer());
        assertFails("origin in CN", transfer().origin("HK"));
        assertHolds("origin not in HK", transfer());
    }

    @Test
    void destinationInNotInIsAndIsNot() {
        assertHolds("destination in [SG, US]", transfer());
        assertFails("destination in [SG, US]", transfer().destination("JP"));
        assertHolds("destination not in [SG, US]", transfer().destination("JP"));
        assertFails("destination not in [SG, US]", transfer().destination("US"));
        assertHolds("destination is SG", transfer());
        assertFails("destination is SG", transfer().destination("US"));
        assertHolds("destination is not SG", transfer().destination("US"));
        assertFails("destination is not SG", transfer());
    }

    @Test
    void originAndDestinationAreNotConfused() {
        assertFails("destination is CN", transfer());
        assertFails("origin is SG", transfer());
    }

    @Test
    void recipientJurisdictionIsTheRecipientsOwnWhenGiven() {
        Transfer.Builder t = transfer().recipient(new Recipient("acme-us", "commercial", "US", false));
        assertHolds("recipient.jurisdiction is US", t);
        assertFails("recipient.jurisdiction is SG", t);
        assertHolds("recipient.jurisdiction not in [SG]", t);
        assertFails("recipient.jurisdiction in [SG, CN]", t);
    }

    @Test
    void twoJurisdictionFieldsCompare() {
        assertHolds("destination is origin", transfer().origin("JP").destination("JP"));
        assertFails("destination is origin", transfer().origin("JP").destination("SG"));
        assertHolds("destination is not origin", transfer().origin("JP").destination("SG"));
        assertHolds("recipient.jurisdiction is not destination",
                transfer().recipient(new Recipient("r", "commercial", "US", false)));
        assertFails("recipient.jurisdiction is not destination", transfer());
    }

    @Test
    void recipientJurisdictionDefaultsToTheDestination() {
        Transfer.Builder t = transfer().recipient(new Recipient("acme-sg", "commercial", null, false));
        assertHolds("recipient.jurisdiction is SG", t);
        assertHolds("recipient.jurisdiction in [SG, US]", t);
        assertFails("recipient.jurisdiction is not SG", t);
        assertFails("recipient.jurisdiction is US", t);
        assertHolds("recipient.jurisdiction is SG", transfer());
    }

    // ---- named values ----

    @Test
    void actionDefaultsToTransferAndIsTestedByName() {
        assertHolds("action is transfer", transfer());
        assertFails("action is store", transfer());
        assertHolds("action in [store, access]", transfer().action(Action.STORE));
        assertHolds("action in [store, access]", transfer().action(Action.ACCESS));
        assertFails("action in [store, access]", transfer());
        assertHolds("action is not store", transfer().action(Action.ACCESS));
        assertFails("action is not store", transfer().action(Action.STORE));
    }

    @Test
    void recipientKindMatchesItsValueAndAnAbsentKindIsUnknown() {
        Transfer.Builder auditor = transfer().recipient(new Recipient("kpmg", "auditor", null, false));
        Transfer.Builder commercial = transfer().recipient(new Recipient("acme", "commercial", null, false));
        assertHolds("recipient.kind is auditor", auditor);
        assertFails("recipient.kind is auditor", commercial);
        assertHolds("recipient.kind in [auditor, commercial]", commercial);
        assertHolds("recipient.kind is not auditor", commercial);
        assertFails("recipient.kind is not auditor", auditor);
        // No kind given: it may be any kind.
        assertUnknown("recipient.kind in [auditor, commercial]", transfer());
        assertUnknown("recipient.kind not in [auditor, commercial]", transfer());
        assertUnknown("recipient.kind is not auditor", transfer());
    }

    @Test
    void transactionMatchesItsValueAndAnAbsentTransactionIsUnknown() {
        assertHolds("transaction is data-brokerage", transfer().transaction("data-brokerage"));
        assertFails("transaction is data-brokerage", transfer().transaction("vendor-agreement"));
        assertHolds("transaction not in [data-brokerage]", transfer().transaction("vendor-agreement"));
        assertUnknown("transaction in [data-brokerage, vendor-agreement]", transfer());
        assertUnknown("transaction not in [data-brokerage, vendor-agreement]", transfer());
    }

    @Test
    void purposeMatchesADeclaredPurpose() {
        assertHolds("purpose is statutory-audit", transfer().purpose("statutory-audit"));
        assertFails("purpose is statutory-audit", transfer().purpose("hr-management"));
        assertHolds("purpose in [statutory-audit, hr-management]", transfer().purpose("hr-management"));
        assertHolds("purpose is not statutory-audit", transfer().purpose("hr-management"));
    }

    @Test
    void anUndeclaredPurposeIsNoErrorAndMatchesNothing() {
        Transfer.Builder marketing = transfer().purpose("marketing");
        assertFails("purpose in [statutory-audit, hr-management]", marketing);
        assertHolds("purpose not in [statutory-audit, hr-management]", marketing);
        assertHolds("purpose is not statutory-audit", marketing);
        // No purpose given: unknown, unlike an undeclared one.
        assertUnknown("purpose in [statutory-audit, hr-management]", transfer());
        assertUnknown("purpose not in [statutory-audit, hr-management]", transfer());
    }

    // ---- entity attributes ----

    @Test
    void enumAttributeMatchesItsValueAndAnAbsentOneIsUnknown() {
        assertHolds("entity.sector is finance", transfer().entity("sector", "finance"));
        assertFails("entity.sector is finance", transfer().entity("sector", "retail"));
        assertHolds("entity.sector in [health, retail]", transfer().entity("sector", "retail"));
        assertFails("entity.sector in [health, retail]", transfer().entity("sector", "finance"));
        assertHolds("entity.sector is not finance", transfer().entity("sector", "health"));
        assertUnknown("entity.sector in [finance, health, retail]", transfer());
        assertUnknown("entity.sector not in [finance, health, retail]", transfer());
    }

    @Test
    void enumAttributeWithAnUndeclaredValueIsAnError() {
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> probe("entity.sector is finance").decide(transfer().entity("sector", "finanse").build()));
        assertTrue(e.getMessage().contains("did you mean 'finance'"), e.getMessage());
        assertEquals("entity.sector", e.field());
    }

    @Test
    void booleanAttributeStandsAloneAndAbsentIsUnknown() {
        assertHolds("entity.listed", transfer().entity("listed", true));
        assertFails("entity.listed", transfer().entity("listed", false));
        assertUnknown("entity.listed", transfer());
        assertUnknown("not entity.listed", transfer());
        assertHolds("not entity.listed", transfer().entity("listed", false));
        assertFails("not entity.listed", transfer().entity("listed", true));
    }

    @Test
    void numberAttributeIsComparedAndAbsentIsUnknown() {
        assertHolds("entity.employees >= 250", transfer().entity("employees", 250L));
        assertFails("entity.employees > 250", transfer().entity("employees", 250L));
        assertHolds("entity.employees < 251", transfer().entity("employees", 250L));
        assertHolds("entity.employees = 0", transfer().entity("employees", 0L));
        assertUnknown("entity.employees = 0", transfer());
        assertUnknown("entity.employees < 1", transfer());
        assertUnknown("entity.employees > 0", transfer());
    }

    @Test
    void coveredPersonStandsAloneAndUnsaidIsUnknown() {
        Transfer.Builder covered = transfer().recipient(new Recipient("x", "commercial", null, true));
        Transfer.Builder notCovered = transfer().recipient(new Recipient("x", "commercial", null, false));
        assertHolds("recipient.coveredPerson", covered);
        assertFails("recipient.coveredPerson", notCovered);
        assertUnknown("recipient.coveredPerson", transfer());
        assertUnknown("not recipient.coveredPerson", transfer());
        assertHolds("not recipient.coveredPerson", notCovered);
        assertFails("not recipient.coveredPerson", covered);
    }

    @ParameterizedTest(name = "subjects.count {0} {1} with 100 subjects: {2}")
    @CsvSource({
        "<, 101, true", "<, 100, false",
        "<=, 100, true", "<=, 99, false",
        ">, 99, true", ">, 100, false",
        ">=, 100, true", ">=, 101, false",
        "=, 100, true", "=, 99, false",
        "!=, 99, true", "!=, 100, false"})
    void subjectsCountWithEveryOperator(String op, long value, boolean expected) {
        Transfer t = transfer().subjects(Subjects.of(100, "CN")).build();
        assertEquals(expected, holds("subjects.count " + op + " " + value, t));
    }

    @Test
    void numbersMayBeGroupedWithUnderscores() {
        assertHolds("subjects.count >= 100_000", transfer().subjects(Subjects.of(100_000, "CN")));
        assertFails("subjects.count >= 100_000", transfer().subjects(Subjects.of(99_999, "CN")));
    }

    // ---- groups ----

    @Test
    void groupsHoldTheirCodes() {
        assertHolds("destination in NORDIC", transfer().destination("SE"));
        assertFails("destination in NORDIC", transfer().destination("EE"));
        assertHolds("destination not in NORDIC", transfer().destination("EE"));
        assertHolds("destination in [NORDIC, US]", transfer().destination("US"));
    }

    @Test
    void nestedGroupsHoldTheCodesOfTheGroupsTheyInclude() {
        assertHolds("destination in NORDIC_AND_BALTIC", transfer().destination("SE"));
        assertHolds("destination in NORDIC_AND_BALTIC", transfer().destination("EE"));
        assertFails("destination in NORDIC_AND_BALTIC", transfer().destination("DE"));
        assertFails("destination not in NORDIC_AND_BALTIC", transfer().destination("FI"));
    }

    @Test
    void anUnknownGroupIsALoadErrorWithASuggestion() {
        PolicyException e = assertThrows(PolicyException.class, () -> probe("destination in NORDICS"));
        assertTrue(e.getMessage().contains("unknown jurisdiction or group 'NORDICS'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'NORDIC'?"), e.getMessage());
    }

    // ---- categories ----

    @Test
    void anyCategoryMatchesTheNamedCategoryAndEverythingBelowIt() {
        assertHolds("any category in personal", transfer());
        assertHolds("any category in personal.contact", transfer());
        assertHolds("any category in personal", transfer().categories("personal.sensitive.health"));
        assertFails("any category in personal.sensitive", transfer());
        assertFails("any category in staff", transfer());
        assertHolds("any category in [staff, personal.sensitive]", transfer().categories("personal.sensitive.health"));
    }

    @Test
    void aParentOfTheNamedCategoryMayContainIt() {
        Transfer.Builder onlyPersonal = Transfer.builder().date(WEDNESDAY).origin("CN").destination("SG")
                .categories("personal").subjects(Subjects.of(1, "CN"));
        // It may contain personal.contact: a restricting rule matches, a permitting one does not.
        assertUnknown("any category in personal.contact", onlyPersonal);
        assertHolds("any category in personal", onlyPersonal);
        assertTrue(probe("allow:any category in personal").decide(onlyPersonal.build()).allowed());
    }

    @Test
    void anyCategoryNeedsOnlyOneCategoryInTheSet() {
        Transfer.Builder mixed = transfer().categories("staff.payroll");
        assertHolds("any category in staff", mixed);
        assertHolds("any category in personal.contact", mixed);
        assertFails("any category in [personal.sensitive, non-personal]", mixed);
    }

    @Test
    void everyCategoryNeedsAllCategoriesAtOrBelowTheSet() {
        Transfer.Builder mixed = transfer().categories("personal.sensitive.health");
        assertHolds("every category in personal", mixed);
        assertFails("every category in personal.sensitive", mixed);
        assertHolds("every category in [personal.contact, personal.sensitive]", mixed);
        assertFails("every category in [personal.sensitive, staff]", mixed);
        Transfer.Builder onlyPersonal = Transfer.builder().date(WEDNESDAY).origin("CN").destination("SG")
                .categories("personal").subjects(Subjects.of(1, "CN"));
        assertUnknown("every category in personal.contact", onlyPersonal);
        assertFails("every category in personal.sensitive.health", transfer().categories("personal.contact"));
    }

    // ---- people ----

    @Test
    void anyAndEveryResidence() {
        Transfer.Builder t = transfer().subjects(Subjects.of(2, "CN", "HK"));
        assertHolds("any residence in HK", t);
        assertFails("any residence in [US, SG]", t);
        assertHolds("every residence in [CN, HK, MO]", t);
        assertFails("every residence in CN", t);
    }

    @Test
    void residenceNotStatedIsUnknown() {
        // Residence not stated: the subjects may live anywhere.
        Transfer.Builder none = transfer().subjects(Subjects.of(2));
        assertUnknown("any residence in CN", none);
        assertUnknown("every residence in CN", none);
        assertUnknown("any citizenship in CN", none);
        // Residence stated and citizenship not: no foreign citizens.
        assertFails("any citizenship in CN", transfer());
        assertHolds("every citizenship in CN", transfer());
    }

    @Test
    void anyAndEveryCitizenship() {
        Transfer.Builder t = transfer().subjects(Subjects.of(2, "SG").withCitizenship("RU", "DE"));
        assertHolds("any citizenship in RU", t);
        assertFails("any citizenship in [CN, SG]", t);
        assertHolds("every citizenship in [RU, DE]", t);
        assertFails("every citizenship in RU", t);
        assertHolds("every citizenship in [NORDIC, RU, DE]", t);
        // Residence and citizenship are different lists.
        assertFails("any citizenship in SG", t);
        assertFails("any residence in RU", t);
    }

    @Test
    void everyCitizenshipOverAnEmptyListHolds() {
        Transfer.Builder none = transfer().subjects(Subjects.of(2, "RU"));
        assertHolds("every citizenship in RU", none);
        assertHolds("every citizenship in US", none);
        assertFails("any citizenship in RU", none);
    }

    // ---- legal bases ----

    @Test
    void basisOnFileWithoutLimitsHolds() {
        assertHolds("basis separate-consent", transfer().bases("separate-consent"));
        assertFails("basis separate-consent", transfer().bases("works-council-approval"));
        assertFails("basis separate-consent", transfer());
        assertHolds("not basis separate-consent", transfer());
    }

    @Test
    void basisIsValidFromSinceToUntilBothInclusive() {
        LegalBasis march = new LegalBasis("separate-consent", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));
        assertFails("basis separate-consent", transfer().basis(march).date(LocalDate.of(2026, 2, 28)));
        assertHolds("basis separate-consent", transfer().basis(march).date(LocalDate.of(2026, 3, 1)));
        assertHolds("basis separate-consent", transfer().basis(march).date(LocalDate.of(2026, 3, 31)));
        assertFails("basis separate-consent", transfer().basis(march).date(LocalDate.of(2026, 4, 1)));
    }

    @Test
    void basisWithOnlyOneBound() {
        LegalBasis from = new LegalBasis("separate-consent", WEDNESDAY, null);
        LegalBasis to = new LegalBasis("separate-consent", null, WEDNESDAY);
        assertHolds("basis separate-consent", transfer().basis(from).date(LocalDate.of(2099, 1, 1)));
        assertFails("basis separate-consent", transfer().basis(from).date(WEDNESDAY.minusDays(1)));
        assertHolds("basis separate-consent", transfer().basis(to).date(LocalDate.of(2000, 1, 1)));
        assertFails("basis separate-consent", transfer().basis(to).date(WEDNESDAY.plusDays(1)));
    }

    @Test
    void daysSinceBasisCountsCalendarDaysFromSince() {
        LegalBasis notified = new LegalBasis("rkn-notified", LocalDate.of(2026, 2, 20), null);
        // 2026-02-20 to 2026-03-02 is 10 days.
        assertHolds("days since basis rkn-notified >= 10", transfer().basis(notified).date(LocalDate.of(2026, 3, 2)));
        assertFails("days since basis rkn-notified >= 10", transfer().basis(notified).date(LocalDate.of(2026, 3, 1)));
        assertHolds("days since basis rkn-notified = 9", transfer().basis(notified).date(LocalDate.of(2026, 3, 1)));
        assertHolds("days since basis rkn-notified = 0", transfer().basis(notified).date(LocalDate.of(2026, 2, 20)));
        assertHolds("days since basis rkn-notified < 10", transfer().basis(notified).date(LocalDate.of(2026, 3, 1)));
    }

    @Test
    void daysSinceBasisIsFalseWithoutAValidBasisAndUnknownWithoutASinceDate() {
        // On file without a start: how long it has run is unknown.
        Transfer.Builder noSince = transfer().bases("rkn-notified");
        assertUnknown("days since basis rkn-notified >= 0", noSince);
        assertUnknown("days since basis rkn-notified < 1_000_000", noSince);
        assertFails("days since basis rkn-notified >= 0", transfer());
        LegalBasis expired = new LegalBasis("rkn-notified", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31));
        assertFails("days since basis rkn-notified >= 0", transfer().basis(expired));
        assertFails("working-days since basis rkn-notified >= 0", transfer().basis(expired));
        assertUnknown("working-days since basis rkn-notified >= 0", noSince);
        // Before 'since' the basis is not valid either.
        LegalBasis future = new LegalBasis("rkn-notified", WEDNESDAY.plusDays(1), null);
        assertFails("days since basis rkn-notified < 0", transfer().basis(future));
    }

    @ParameterizedTest(name = "since Friday 2026-03-06, on {0}: {1} working days")
    @CsvSource({
        "2026-03-06, 0", // the Friday itself
        "2026-03-07, 0", // Saturday
        "2026-03-08, 0", // Sunday
        "2026-03-09, 1", // Monday
        "2026-03-13, 5", // next Friday
        "2026-03-15, 5", // next Sunday
        "2026-03-16, 6", // Monday after
        "2026-03-20, 10"})
    void workingDaysSinceAFriday(LocalDate date, long expected) {
        Transfer t = transfer().basis(new LegalBasis("works-council-approval", LocalDate.of(2026, 3, 6), null))
                .date(date).build();
        assertTrue(holds("working-days since basis works-council-approval = " + expected, t));
        assertFalse(holds("working-days since basis works-council-approval = " + (expected + 1), t));
        assertTrue(holds("working-days since basis works-council-approval >= " + expected, t));
        assertFalse(holds("working-days since basis works-council-approval > " + expected, t));
    }

    @Test
    void workingDaysSinceASaturday() {
        LegalBasis saturday = new LegalBasis("works-council-approval", LocalDate.of(2026, 3, 7), null);
        assertHolds("working-days since basis works-council-approval = 0",
                transfer().basis(saturday).date(LocalDate.of(2026, 3, 8)));
        assertHolds("working-days since basis works-council-approval = 1",
                transfer().basis(saturday).date(LocalDate.of(2026, 3, 9)));
    }

    @Test
    void theNoticePeriodExampleOfTheDocument() {
        String notice = "not (working-days since basis works-council-approval >= 10) and date >= 2026-01-01";
        LegalBasis approved = new LegalBasis("works-council-approval", LocalDate.of(2026, 3, 6), null);
        assertHolds(notice, transfer().basis(approved).date(LocalDate.of(2026, 3, 19)));
        assertFails(notice, transfer().basis(approved).date(LocalDate.of(2026, 3, 20)));
        assertHolds(notice, transfer().date(LocalDate.of(2026, 3, 20)));
        assertFails(notice, transfer().date(LocalDate.of(2025, 12, 31)));
    }

    // ---- dates and operators ----

    @ParameterizedTest(name = "date {0} {1} on 2026-03-04: {2}")
    @CsvSource({
        "<, 2026-03-05, true", "<, 2026-03-04, false",
        "<=, 2026-03-04, true", "<=, 2026-03-03, false",
        ">, 2026-03-03, true", ">, 2026-03-04, false",
        ">=, 2026-03-04, true", ">=, 2026-03-05, false",
        "=, 2026-03-04, true", "=, 2026-03-05, false",
        "!=, 2026-03-05, true", "!=, 2026-03-04, false"})
    void dateWithEveryOperator(String op, String value, boolean expected) {
        assertEquals(expected, holds("date " + op + " " + value, transfer().build()));
    }

    // ---- and, or, not ----

    @Test
    void notBindsTighterThanAnd() {
        assertFails("not false and false", transfer());
        assertHolds("not (false and false)", transfer());
        assertFails("not origin is CN and destination is SG", transfer());
        assertHolds("not origin is HK and destination is SG", transfer());
    }

    @Test
    void andBindsTighterThanOr() {
        assertHolds("true or false and false", transfer());
        assertFails("(true or false) and false", transfer());
        assertHolds("false and false or true", transfer());
        assertFails("false and (false or true)", transfer());
        // CN -> SG: 'origin is CN or (origin is HK and destination is US)'.
        assertHolds("origin is CN or origin is HK and destination is US", transfer());
        assertFails("(origin is CN or origin is HK) and destination is US", transfer());
    }

    @Test
    void notBindsTighterThanOr() {
        assertHolds("not true or true", transfer());
        assertFails("not (true or true)", transfer());
    }

    @Test
    void andNeedsEveryPartAndOrAnyPart() {
        assertHolds("origin is CN and destination is SG and subjects.count = 10", transfer());
        assertFails("origin is CN and destination is SG and subjects.count = 11", transfer());
        assertHolds("origin is HK or destination is US or subjects.count = 10", transfer());
        assertFails("origin is HK or destination is US or subjects.count = 11", transfer());
    }

    @Test
    void trueAndFalse() {
        assertHolds("true", transfer());
        assertFails("false", transfer());
        assertHolds("not false", transfer());
    }

    @Test
    void aRuleWithoutWhenAlwaysMatchesInScope() {
        String pack = """
                policy probe "Probe"
                  applies when origin is CN
                  default allow

                rule always
                  deny
                  because "probe"
                """;
        Guard guard = Guard.builder()
                .policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "probe.guard", pack))).build();
        Decision d = guard.decide(transfer().build());
        assertFalse(d.allowed());
        assertEquals(List.of("always"), d.reasons().stream().map(r -> r.rule()).toList());
        assertTrue(guard.decide(transfer().origin("HK").build()).allowed());
    }
}
