package dev.transferguard.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A volume counter a pack declares, as a counter store and the tools that show it need it: its key in the store,
 * its window and the constants the policies compare it with.
 *
 * @param key             the store key, {@code pack/name}
 * @param window          how far back the window reaches
 * @param length          the window's length in months or days; 1 for a calendar year
 * @param perCounterparty whether it is kept per counterparty (recipient)
 * @param limits          the constants the policies compare it with, ascending, once each
 * @param source          where it is declared, {@code file:line}
 */
public record VolumeCounter(String key, Window window, long length, boolean perCounterparty, List<Long> limits,
        String source) {

    /** How far back a counter's window reaches from the day of a transfer. */
    public enum Window {
        /** From 1 January of the transfer's year. */
        CALENDAR_YEAR,
        /** The preceding {@code length} months, the transfer's day included. */
        MONTHS,
        /** The preceding {@code length} days, the transfer's day included. */
        DAYS
    }

    /** Copies the limits. */
    public VolumeCounter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        limits = List.copyOf(limits);
    }

    /**
     * The first day inside the window that ends on {@code day}, as the policies count it.
     *
     * @param day the last day of the window
     * @return the first day counted
     */
    public LocalDate windowStart(LocalDate day) {
        return switch (window) {
            case CALENDAR_YEAR -> day.withDayOfYear(1);
            case MONTHS -> day.minusMonths(length).plusDays(1);
            case DAYS -> day.minusDays(length).plusDays(1);
        };
    }
}
