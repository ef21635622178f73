package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Outcome;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Volume counters (docs/policy-language.md, "Volume counters"): windows, counterparties, distinct ids, filters,
 * what advances a counter and thresholds.
 *
 * <p>A counter's value is read with probe rules {@code allow when count(c) = N because "N"} for small N: the
 * matching one is among the reasons of {@link Guard#preview(Transfer)}, which counts nothing. Two probes, of one
 * and of two new people, give the value counted before them.
 */
class CounterWindowsTest {

    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            category personal.sensitive.health "health"
            category staff "employees"
            group NORDIC = [DK, FI, IS, NO, SE]
            basis basis-a "a"
            recipient-kind commercial "company"
            """;

    static final int PROBE_MAX = 32;
    static final LocalDate DAY = LocalDate.of(2026, 3, 4);
    private static final Pattern COUNTER_NAME = Pattern.compile("^counter (\\S+) =", Pattern.MULTILINE);

    /** A pack with the given header lines (scope), counters and rules, plus probe rules for every counter. */
    static String pack(String scope, String counters, String rules) {
        StringBuilder sb = new StringBuilder("policy volume \"Volume\"\n");
        if (!scope.isEmpty()) {
            sb.append("  applies when ").append(scope).append('\n');
        }
        sb.append("  default allow\n\n").append(counters).append('\n').append(rules).append('\n');
        Matcher m = COUNTER_NAME.matcher(counters);
        while (m.find()) {
            String counter = m.group(1);
            for (int n = 0; n <= PROBE_MAX; n++) {
                sb.append("rule ").append(counter).append("-is-").append(n).append('\n')
                        .append("  allow when count(").append(counter).append(") = ").append(n).append('\n')
                        .append("  because \"").append(n).append("\"\n\n");
            }
        }
        return sb.toString();
    }

    static Guard guard(String pack, List<Transfer> history, String... otherPacks) {
        Map<String, String> files = new java.util.HashMap<>();
        files.put("vocabulary.guard", VOCABULARY);
        files.put("volume.guard", pack);
        for (int i = 0; i < otherPacks.length; i++) {
            files.put("other" + i + ".guard", otherPacks[i]);
        }
        return Guard.builder().policies(PolicyBundle.of(files)).history(history).build();
    }

    static Guard guard(String counter) {
        return guard(pack("", counter, ""), List.of());
    }

    static Transfer.Builder transfer(LocalDate date, long count) {
        return Transfer.builder().date(date).origin("CN").destination("SG").categories("personal.contact")
                .subjects(Subjects.of(count, "CN")).recipient(new Recipient("acme", "commercial", null, false));
    }

    static Transfer.Builder transfer(long count) {
        return transfer(DAY, count);
    }

    static Transfer.Builder withIds(LocalDate date, long count, String... ids) {
        return transfer(date, 0).subjects(new Subjects(List.of("CN"), List.of(), count, List.of(ids)));
    }

    /**
     * The value of {@code counter} before a transfer like {@code probe}. A probe must say how many people it is
     * about, and one the counter counts adds them: probing with one new person and then two tells the two apart.
     */
    static long count(Guard guard, String counter, Transfer.Builder probe) {
        long one = probe(guard, counter, probe, "probe-a");
        long two = probe(guard, counter, probe, "probe-a", "probe-b");
        return one - (two - one);
    }

    private static long probe(Guard guard, String counter, Transfer.Builder probe, String... ids) {
        List<String> residence = probe.build().subjects().residence();
        Decision d = guard.preview(probe.subjects(new Subjects(residence, List.of(), ids.length, List.of(ids))).build());
        List<Long> values = d.reasons().stream().filter(r -> r.rule().startsWith(counter + "-is-"))
                .map(r -> Long.parseLong(r.because())).toList();
        assertEquals(1, values.size(), () -> "one probe of " + counter + " matches: " + d.explain());
        return values.get(0);
    }

    static long count(Guard guard, LocalDate date) {
        return count(guard, "c", transfer(date, 0));
    }

    static void send(Guard guard, Transfer.Builder t) {
        Decision d = guard.decide(t.build());
        assertTrue(d.allowed(), d::explain);
    }

    // ---- windows ----

    @Test
    void calendarYearStartsOnTheFirstOfJanuary() {
        Guard guard = guard("counter c = distinct subjects per calendar-year");
        send(guard, transfer(LocalDate.of(2025, 12, 31), 5));
        assertEquals(5, count(guard, LocalDate.of(2025, 12, 31)));
        assertEquals(0, count(guard, LocalDate.of(2026, 1, 1)));
        send(guard, transfer(LocalDate.of(2026, 1, 1), 3));
        assertEquals(3, count(guard, LocalDate.of(2026, 1, 1)));
        assertEquals(3, count(guard, LocalDate.of(2026, 12, 31)));
        assertEquals(0, count(guard, LocalDate.of(2027, 1, 1)));
        assertEquals(5, count(guard, LocalDate.of(2025, 12, 31)), "a later year's transfers are not counted");
        assertEquals(0, count(guard, LocalDate.of(2025, 12, 30)), "nor are later days of the same year");
    }

    @Test
    void rollingMonthsAreTheMonthsThatEndOnTheTransfersDate() {
        Guard guard = guard("counter c = distinct subjects per 12 months");
        send(guard, transfer(LocalDate.of(2025, 2, 28), 1));
        send(guard, transfer(LocalDate.of(2025, 3, 1), 2));
        send(guard, transfer(LocalDate.of(2026, 2, 28), 4));
        // 12 months ending 2026-02-28: 2025-03-01 to 2026-02-28.
        assertEquals(6, count(guard, LocalDate.of(2026, 2, 28)));
        // Ending 2026-03-01: from 2025-03-02.
        assertEquals(4, count(guard, LocalDate.of(2026, 3, 1)));
        // Ending 2026-02-27: from 2025-02-28, and the transfer of 2026-02-28 is later.
        assertEquals(3, count(guard, LocalDate.of(2026, 2, 27)));
    }

    @Test
    void oneMonthEndingOnTheLastDayOfMarchIsMarch() {
        Guard guard = guard("counter c = distinct subjects per 1 months");
        send(guard, transfer(LocalDate.of(2026, 2, 28), 1));
        send(guard, transfer(LocalDate.of(2026, 3, 1), 2));
        assertEquals(2, count(guard, LocalDate.of(2026, 3, 31)));
        assertEquals(2, count(guard, LocalDate.of(2026, 3, 28)), "2026-02-29 does not exist: from 2026-03-01");
        assertEquals(3, count(guard, LocalDate.of(2026, 3, 27)));
    }

    @Test
    void rollingDaysAreTheDaysThatEndOnTheTransfersDate() {
        Guard guard = guard("counter c = distinct subjects per 30 days");
        send(guard, transfer(LocalDate.of(2026, 3, 1), 1));
        send(guard, transfer(LocalDate.of(2026, 3, 2), 2));
        send(guard, transfer(LocalDate.of(2026, 3, 31), 4));
        // 30 days ending 2026-03-31: 2026-03-02 to 2026-03-31.
        assertEquals(6, count(guard, LocalDate.of(2026, 3, 31)));
        assertEquals(3, count(guard, LocalDate.of(2026, 3, 30)));
        assertEquals(4, count(guard, LocalDate.of(2026, 4, 1)));
        assertEquals(0, count(guard, LocalDate.of(2026, 4, 30)));
    }

    @Test
    void oneDayWindowIsTheDayItself() {
        Guard guard = guard("counter c = distinct subjects per 1 days");
        send(guard, transfer(DAY.minusDays(1), 2));
        send(guard, transfer(DAY, 3));
        assertEquals(3, count(guard, DAY));
        assertEquals(2, count(guard, DAY.minusDays(1)));
    }

    // ---- counterparties ----

    @Test
    void perCounterpartyKeepsASeparateCountForEachRecipientName() {
        String counters = """
                counter c = distinct subjects per 30 days per counterparty
                counter total = distinct subjects per 30 days
                """;
        Guard guard = guard(pack("", counters, ""), List.of());
        send(guard, transfer(3).recipient(new Recipient("alpha", "commercial", null, false)));
        send(guard, transfer(5).recipient(new Recipient("beta", "commercial", null, false)));
        send(guard, transfer(7).recipient(Recipient.UNKNOWN));
        assertEquals(3, count(guard, "c", transfer(0).recipient(new Recipient("alpha", null, null, false))));
        assertEquals(5, count(guard, "c", transfer(0).recipient(new Recipient("beta", null, null, false))));
        assertEquals(0, count(guard, "c", transfer(0).recipient(new Recipient("gamma", null, null, false))));
        assertEquals(7, count(guard, "c", transfer(0).recipient(Recipient.UNKNOWN)));
        assertEquals(15, count(guard, "total", transfer(0)));
    }

    @Test
    void theSameIdIsCountedForEachCounterparty() {
        Guard guard = guard("counter c = distinct subjects per 30 days per counterparty");
        send(guard, withIds(DAY, 1, "p1").recipient(new Recipient("alpha", null, null, false)));
        send(guard, withIds(DAY, 1, "p1").recipient(new Recipient("beta", null, null, false)));
        assertEquals(1, count(guard, "c", transfer(0).recipient(new Recipient("alpha", null, null, false))));
        assertEquals(1, count(guard, "c", transfer(0).recipient(new Recipient("beta", null, null, false))));
    }

    // ---- distinct subjects ----

    @Test
    void subjectsWithIdsCountOnceHoweverOftenTheyAreSent() {
        Guard guard = guard("counter c = distinct subjects per calendar-year");
        send(guard, withIds(DAY, 1, "p1"));
        send(guard, withIds(DAY, 1, "p1"));
        assertEquals(1, count(guard, DAY));
        send(guard, withIds(DAY.plusDays(1), 1, "p1"));
        assertEquals(1, count(guard, DAY.plusDays(1)));
        send(guard, withIds(DAY.plusDays(2), 2, "p1", "p2"));
        assertEquals(2, count(guard, DAY.plusDays(2)));
        send(guard, withIds(DAY.plusDays(2), 1, "p2", "p2"));
        assertEquals(2, count(guard, DAY.plusDays(2)), "an id repeated in one transfer is one person");
    }

    @Test
    void subjectsWithoutIdsCountAsNewPeopleEveryTime() {
        Guard guard = guard("counter c = distinct subjects per calendar-year");
        send(guard, transfer(3));
        send(guard, transfer(3));
        assertEquals(6, count(guard, DAY));
    }

    @Test
    void subjectsBeyondTheIdsCountAsNewPeople() {
        Guard guard = guard("counter c = distinct subjects per calendar-year");
        send(guard, withIds(DAY, 5, "p1", "p2"));
        assertEquals(5, count(guard, DAY));
        send(guard, withIds(DAY, 1, "p1"));
        assertEquals(5, count(guard, DAY));
        send(guard, withIds(DAY, 4, "p1", "p3"));
        assertEquals(8, count(guard, DAY), "p3 and two people without ids are new");
    }

    @Test
    void theValueIncludesTheTransferBeingDecided() {
        Guard guard = guard("counter c = distinct subjects per calendar-year");
        send(guard, withIds(DAY, 2, "p1", "p2"));
        Decision d = guard.preview(withIds(DAY, 3, "p2", "p3", "p4").build());
        assertTrue(d.reasons().stream().anyMatch(r -> r.rule().equals("c-is-4")), d.explain());
        Decision anonymous = guard.preview(transfer(7).build());
        assertTrue(anonymous.reasons().stream().anyMatch(r -> r.rule().equals("c-is-9")), anonymous.explain());
    }

    // ---- what a counter counts ----

    @Test
    void ofAndExceptCountATransferWithSomeCategoryInOfAndNotInExcept() {
        Guard guard = guard("counter c = distinct subjects of personal except personal.sensitive per calendar-year");
        Transfer.Builder sensitive = Transfer.builder().date(DAY).origin("CN").destination("SG")
                .categories("personal.sensitive.health").subjects(Subjects.of(5, "CN"));
        send(guard, sensitive);
        assertEquals(0, count(guard, DAY));
        send(guard, sensitive.categories("personal.contact").subjects(Subjects.of(2, "CN")));
        assertEquals(2, count(guard, DAY), "a transfer with a category under 'of' and not under 'except' counts");
        send(guard, transfer(3));
        assertEquals(5, count(guard, DAY));
        Transfer.Builder staff = Transfer.builder().date(DAY).origin("CN").destination("SG").categories("staff")
                .subjects(Subjects.of(4, "CN"));
        send(guard, staff);
        assertEquals(5, count(guard, DAY), "categories outside 'of' are not counted");
        Transfer.Builder parent = Transfer.builder().date(DAY).origin("CN").destination("SG").categories("personal")
                .subjects(Subjects.of(1, "CN"));
        send(guard, parent);
        assertEquals(6, count(guard, DAY), "'of personal' counts personal itself");
    }

    @Test
    void exceptWithoutOfCountsEveryOtherCategory() {
        Guard guard = guard("counter c = distinct subjects except personal.sensitive per calendar-year");
        send(guard, transfer(2).categories("staff"));
        send(guard, Transfer.builder().date(DAY).origin("CN").destination("SG").categories("personal.sensitive")
                .subjects(Subjects.of(4, "CN")));
        assertEquals(2, count(guard, DAY));
    }

    @Test
    void whereChoosesTheTransfersCounted() {
        Guard guard = guard("counter c = distinct subjects where destination not in NORDIC per calendar-year");
        send(guard, transfer(5).destination("SE"));
        send(guard, transfer(3).destination("US"));
        assertEquals(3, count(guard, DAY));
    }

    @Test
    void onlyTransfersInThePacksScopeAreCounted() {
        Guard guard = guard(pack("origin is CN", "counter c = distinct subjects per calendar-year", ""), List.of());
        send(guard, transfer(4).origin("HK"));
        send(guard, transfer(2));
        assertEquals(2, count(guard, DAY));
    }

    // ---- what advances a counter ----

    @Test
    void deniedTransfersDoNotAdvanceTheCounter() {
        String rules = """
                rule no-us
                  deny when destination is US
                  because "D"
                """;
        String other = """
                policy other "Other"
                  applies when destination is JP
                  default deny
                """;
        Guard guard = guard(pack("", "counter c = distinct subjects per calendar-year", rules), List.of(), other);
        assertFalse(guard.decide(transfer(5).destination("US").build()).allowed());
        assertEquals(0, count(guard, DAY));
        send(guard, transfer(2));
        assertEquals(2, count(guard, DAY));
        Decision japan = guard.decide(transfer(4).destination("JP").build());
        assertFalse(japan.allowed(), "another pack denies");
        assertEquals(2, count(guard, DAY), "a transfer denied by another pack is not counted");
        guard.preview(transfer(9).build());
        assertEquals(2, count(guard, DAY), "preview counts nothing");
    }

    @Test
    void historyIsCountedAsIfAllowed() {
        String rules = """
                rule no-us
                  deny when destination is US
                  because "D"
                """;
        List<Transfer> history = List.of(transfer(DAY.minusDays(3), 4).build(),
                transfer(DAY.minusDays(2), 3).destination("US").build(),
                withIds(DAY.minusDays(1), 2, "p1", "p2").build(),
                withIds(DAY.minusDays(1), 1, "p1").build(),
                transfer(DAY.minusDays(1), 6).origin("HK").build());
        Guard guard = guard(pack("origin is CN", "counter c = distinct subjects per calendar-year", rules), history);
        assertEquals(9, count(guard, DAY));
        assertEquals(7, count(guard, DAY.minusDays(2)));
    }

    @Test
    void historyDatedAfterTheDecisionIsNotCounted() {
        List<Transfer> history = new ArrayList<>();
        history.add(transfer(LocalDate.of(2026, 3, 10), 5).build());
        history.add(transfer(LocalDate.of(2026, 3, 1), 3).build());
        history.add(withIds(LocalDate.of(2026, 3, 10), 1, "late").build());
        history.add(withIds(LocalDate.of(2026, 3, 1), 1, "early").build());
        history.add(withIds(LocalDate.of(2026, 3, 1), 1, "both").build());
        history.add(withIds(LocalDate.of(2026, 3, 12), 1, "both").build());
        Guard guard = guard(pack("", "counter c = distinct subjects per calendar-year", ""), history);
        LocalDate day = LocalDate.of(2026, 3, 5);
        assertEquals(5, count(guard, day), "3 anonymous, 'early' and 'both'");
        Decision late = guard.preview(withIds(day, 1, "late").build());
        assertTrue(late.reasons().stream().anyMatch(r -> r.rule().equals("c-is-6")),
                "'late' was only seen after the decision's date, so it is new: " + late.explain());
        assertEquals(11, count(guard, LocalDate.of(2026, 3, 31)));
    }

    // ---- thresholds ----

    static final String THRESHOLD = """
            policy volume "Volume"
              default allow

            counter c = distinct subjects per calendar-year

            rule large
              require basis-a when count(c) >= 100_000
              because "T"
            """;

    @Test
    void aThresholdDeniesTheTransferThatWouldReachIt() {
        Guard guard = guard(THRESHOLD, List.of(transfer(LocalDate.of(2026, 1, 10), 99_999).build()));
        Decision d = guard.decide(transfer(1).build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals("large", d.unmet().get(0).rule());
        assertTrue(guard.decide(transfer(1).bases("basis-a").build()).allowed());
    }

    @Test
    void aThresholdAllowsTheTransferThatStaysBelowIt() {
        Guard guard = guard(THRESHOLD, List.of(transfer(LocalDate.of(2026, 1, 10), 99_998).build()));
        assertTrue(guard.decide(transfer(1).build()).allowed());
        assertFalse(guard.decide(transfer(1).build()).allowed(), "the allowed transfer was counted");
        Guard lastYear = guard(THRESHOLD, List.of(transfer(LocalDate.of(2025, 12, 31), 99_999).build()));
        assertTrue(lastYear.decide(transfer(1).build()).allowed());
    }

    @Test
    void aThresholdAloneIsReachedByASingleLargeTransfer() {
        Guard guard = guard(THRESHOLD, List.of());
        assertTrue(guard.decide(transfer(99_999).build()).allowed());
        Guard fresh = guard(THRESHOLD, List.of());
        assertFalse(fresh.decide(transfer(100_000).build()).allowed());
    }
}
