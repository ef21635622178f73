package dev.transferguard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A legal basis on file for a transfer, such as a signed standard contract, optionally valid only
 * between two dates (both inclusive).
 *
 * @param name  the basis name as declared in the policies, e.g. {@code cac-standard-contract}
 * @param since the first day the basis is valid, or {@code null} if it has no start
 * @param until the last day the basis is valid, or {@code null} if it does not expire
 */
public record LegalBasis(String name, LocalDate since, LocalDate until) {

    /** Checks the name and that the validity period is not reversed. */
    public LegalBasis {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a legal basis needs a name");
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException(
                    "legal basis '" + name + "' ends (" + until + ") before it starts (" + since + ")");
        }
    }

    /**
     * A basis with no validity limits.
     *
     * @param name the basis name
     * @return the basis
     */
    public static LegalBasis of(String name) {
        return new LegalBasis(name, null, null);
    }

    /**
     * Whether the basis is in force on {@code date}.
     *
     * @param date the day of the transfer
     * @return {@code true} if {@code since <= date <= until} (a missing bound does not limit)
     */
    public boolean validOn(LocalDate date) {
        return (since == null || !date.isBefore(since)) && (until == null || !date.isAfter(until));
    }
}
