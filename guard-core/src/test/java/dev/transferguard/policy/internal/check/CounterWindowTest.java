package dev.transferguard.policy.internal.check;

import dev.transferguard.policy.internal.syntax.Ast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The first day of each kind of counting window. Both evaluators take it from {@link Model.Counter}, so the
 * property tests cannot see a mistake here; these examples can.
 */
class CounterWindowTest {

    static LocalDate start(Ast.WindowKind kind, long length, String date) {
        Model.Counter c = new Model.Counter("p", "c", Set.of(), Set.of(), new Model.Const(true, null), kind, length,
                false, null);
        return c.windowStart(LocalDate.parse(date));
    }

    @Test
    void calendarYearStartsOnTheFirstOfJanuary() {
        assertEquals(LocalDate.parse("2026-01-01"), start(Ast.WindowKind.CALENDAR_YEAR, 1, "2026-03-01"));
        assertEquals(LocalDate.parse("2026-01-01"), start(Ast.WindowKind.CALENDAR_YEAR, 1, "2026-01-01"));
        assertEquals(LocalDate.parse("2025-01-01"), start(Ast.WindowKind.CALENDAR_YEAR, 1, "2025-12-31"));
    }

    @Test
    void monthsCoverThePrecedingMonthsUpToTheDay() {
        // 2025-03-02 .. 2026-03-01: 365 days
        assertEquals(LocalDate.parse("2025-03-02"), start(Ast.WindowKind.MONTHS, 12, "2026-03-01"));
        assertEquals(LocalDate.parse("2026-01-29"), start(Ast.WindowKind.MONTHS, 1, "2026-02-28"));
        // a month back from the 31st of March is the last day of February
        assertEquals(LocalDate.parse("2026-03-01"), start(Ast.WindowKind.MONTHS, 1, "2026-03-31"));
    }

    @Test
    void daysCountTheDayItself() {
        assertEquals(LocalDate.parse("2026-03-01"), start(Ast.WindowKind.DAYS, 1, "2026-03-01"));
        assertEquals(LocalDate.parse("2026-02-01"), start(Ast.WindowKind.DAYS, 30, "2026-03-02"));
    }
}
