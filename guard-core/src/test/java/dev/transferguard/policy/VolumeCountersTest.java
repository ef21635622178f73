package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Repository;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundle lists its counters with their windows and the constants its rules and scopes compare them with. */
class VolumeCountersTest {

    @Test
    void theChinesePackCountsPerCalendarYearAgainstItsTiers() {
        PolicyBundle packs = PolicyBundle.load(Repository.file("policies"));
        VolumeCounter personal = packs.counters().stream().filter(c -> c.key().equals("cn.pipl/exported_personal"))
                .findFirst().orElseThrow();
        assertEquals(VolumeCounter.Window.CALENDAR_YEAR, personal.window());
        assertEquals(List.of(100_000L, 1_000_000L), personal.limits());
        assertEquals(LocalDate.of(2026, 1, 1), personal.windowStart(LocalDate.of(2026, 3, 1)));
        assertTrue(personal.source().startsWith("pipl.guard:") || personal.source().contains("pipl.guard:"),
                personal.source());
        assertTrue(packs.counters().stream().anyMatch(c -> c.perCounterparty() && c.window() == VolumeCounter.Window.MONTHS
                && c.length() == 12), "28 CFR 202 counts per counterparty over 12 months");
    }

    @Test
    void windowsOfMonthsAndDaysEndOnTheDayAndLimitsComeFromEveryRule() {
        PolicyBundle b = PolicyBundle.of(Map.of("v.guard", """
                bundle default allow
                category personal "people"
                """, "p.guard", """
                policy p "p"
                  version 1
                  applies when origin in [CN]
                  default allow
                counter month = distinct subjects of personal
                  per 1 months
                counter week = distinct subjects of personal
                  per 7 days
                rule a
                  deny when count(month) > 50 or count(week) >= 20
                  because "a"
                rule b
                  deny when count(month) >= 1000
                  because "b"
                """));
        VolumeCounter month = b.counters().get(0);
        VolumeCounter week = b.counters().get(1);
        assertEquals(List.of(50L, 1000L), month.limits());
        assertEquals(List.of(20L), week.limits());
        assertEquals(LocalDate.of(2026, 2, 2), month.windowStart(LocalDate.of(2026, 3, 1)));
        assertEquals(LocalDate.of(2026, 2, 23), week.windowStart(LocalDate.of(2026, 3, 1)));
    }
}
