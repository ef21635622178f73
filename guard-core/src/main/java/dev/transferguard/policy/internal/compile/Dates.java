package dev.transferguard.policy.internal.compile;

/** Date arithmetic the laws need, on epoch days (day 0 = 1970-01-01, a Thursday). */
final class Dates {

    private Dates() {
    }

    /**
     * Working days (Monday to Friday) after {@code fromDay} up to and including {@code toDay}; public
     * holidays are not known and count as working days.
     *
     * @param fromDay the epoch day counting starts after
     * @param toDay   the last epoch day counted
     * @return the number of working days, or a negative number when {@code toDay} is before {@code fromDay}
     */
    static long workingDaysAfter(long fromDay, long toDay) {
        if (toDay < fromDay) {
            return -workingDaysAfter(toDay, fromDay);
        }
        return weekdaysUpTo(toDay) - weekdaysUpTo(fromDay);
    }

    /** Weekdays from a fixed Monday up to {@code day} inclusive (works for negative days too). */
    private static long weekdaysUpTo(long day) {
        long sinceMonday = day + 3; // 1970-01-05 (day 4) is a Monday, so day -3 is one
        long weeks = Math.floorDiv(sinceMonday, 7);
        long rest = Math.floorMod(sinceMonday, 7);
        return weeks * 5 + Math.min(rest + 1, 5);
    }
}
