package dev.transferguard.policy.internal.compile;

import dev.transferguard.policy.internal.check.Model;

/**
 * A production calendar compiled to running totals, so that the working days of any period take two lookups.
 * Outside the calendar's dates nothing is known: a period reaching out of it has a range of possible counts,
 * from none of the outside days worked to every weekday among them worked.
 */
final class WorkingCalendar {

    private final long firstDay;
    private final long lastDay;
    /** {@code upTo[i]}: working days from {@code firstDay} to {@code firstDay + i} inclusive. */
    private final int[] upTo;

    WorkingCalendar(Model.Calendar calendar) {
        firstDay = calendar.from().toEpochDay();
        lastDay = calendar.to().toEpochDay();
        upTo = new int[(int) (lastDay - firstDay + 1)];
        int total = 0;
        for (int i = 0; i < upTo.length; i++) {
            if (calendar.isWorkingDay(calendar.from().plusDays(i))) {
                total++;
            }
            upTo[i] = total;
        }
    }

    /** Working days after {@code fromDay} up to {@code toDay} inside the calendar ({@code fromDay <= toDay}). */
    private long inside(long fromDay, long toDay) {
        long a = Math.max(fromDay, firstDay - 1);
        long b = Math.min(toDay, lastDay);
        if (b <= a) {
            return 0;
        }
        return upTo[(int) (b - firstDay)] - (a < firstDay ? 0 : upTo[(int) (a - firstDay)]);
    }

    /** Weekdays after {@code fromDay} up to {@code toDay} outside the calendar: the most that may be worked. */
    private long outsideAtMost(long fromDay, long toDay) {
        long before = Math.min(toDay, firstDay - 1) > fromDay ? Dates.workingDaysAfter(fromDay, Math.min(toDay, firstDay - 1)) : 0;
        long after = toDay > Math.max(fromDay, lastDay) ? Dates.workingDaysAfter(Math.max(fromDay, lastDay), toDay) : 0;
        return before + after;
    }

    /**
     * The fewest working days there may be after {@code fromDay} up to and including {@code toDay}.
     *
     * @param fromDay the epoch day counting starts after
     * @param toDay   the last epoch day counted, not before {@code fromDay}
     * @return the count if every day outside the calendar is off
     */
    long atLeast(long fromDay, long toDay) {
        return inside(fromDay, toDay);
    }

    /**
     * The most working days there may be after {@code fromDay} up to and including {@code toDay}.
     *
     * @param fromDay the epoch day counting starts after
     * @param toDay   the last epoch day counted, not before {@code fromDay}
     * @return the count if every weekday outside the calendar is worked
     */
    long atMost(long fromDay, long toDay) {
        return inside(fromDay, toDay) + outsideAtMost(fromDay, toDay);
    }
}
