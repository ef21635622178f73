package dev.transferguard;

import dev.transferguard.internal.PartyNames;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A legal basis on file for a transfer, such as a signed standard contract, optionally valid only
 * between two dates (both inclusive) and only for some destinations or one recipient.
 *
 * <p>A basis limited to jurisdictions counts only for a transfer whose destination and recipient jurisdiction
 * are both among them (a Roskomnadzor notice names the states of the transfers it covers, 152-FZ Art. 12(4));
 * a basis limited to a recipient counts only for a transfer to that recipient (a contract signed with one
 * partner). Both limits hold when both are given.
 *
 * @param name          the basis name as declared in the policies, e.g. {@code cac-standard-contract}
 * @param since         the first day the basis is valid, or {@code null} if it has no start
 * @param until         the last day the basis is valid, or {@code null} if it does not expire
 * @param jurisdictions the ISO 3166-1 alpha-2 codes it is limited to, or empty when it is not limited so
 * @param recipient     the recipient's name it is limited to (normalised as a {@link Recipient}'s), or
 *                      {@code null}
 */
public record LegalBasis(String name, LocalDate since, LocalDate until, Set<String> jurisdictions, String recipient) {

    /** Checks the name, that the validity period is not reversed, and puts the limits in their normal form. */
    public LegalBasis {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a legal basis needs a name");
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException(
                    "legal basis '" + name + "' ends (" + until + ") before it starts (" + since + ")");
        }
        if (jurisdictions == null || jurisdictions.isEmpty()) {
            jurisdictions = Set.of();
        } else {
            TreeSet<String> codes = new TreeSet<>();
            for (String code : jurisdictions) {
                codes.add(Objects.requireNonNull(code, "jurisdiction").trim().toUpperCase(Locale.ROOT));
            }
            jurisdictions = java.util.Collections.unmodifiableSet(codes);
        }
        if (recipient != null) {
            recipient = PartyNames.normalise(recipient, "legal basis '" + name + "': recipient");
        }
    }

    /**
     * A basis valid between two dates, for any destination and recipient.
     *
     * @param name  the basis name
     * @param since the first day, or {@code null}
     * @param until the last day, or {@code null}
     */
    public LegalBasis(String name, LocalDate since, LocalDate until) {
        this(name, since, until, Set.of(), null);
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
     * This basis, limited to transfers whose destination and recipient jurisdiction are among {@code codes}.
     *
     * @param codes ISO 3166-1 alpha-2 codes (any case)
     * @return the limited basis
     */
    public LegalBasis limitedTo(String... codes) {
        return new LegalBasis(name, since, until, new TreeSet<>(java.util.Arrays.asList(codes)), recipient);
    }

    /**
     * This basis, limited to transfers to one recipient.
     *
     * @param recipientName the recipient's name (normalised as a {@link Recipient}'s)
     * @return the limited basis
     */
    public LegalBasis limitedToRecipient(String recipientName) {
        return new LegalBasis(name, since, until, jurisdictions, Objects.requireNonNull(recipientName, "recipient"));
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

    /**
     * Whether the basis counts for a transfer: in force on its date and within its limits. A limited basis does not
     * count for a transfer that leaves out the recipient's name it is limited to.
     *
     * @param transfer the transfer
     * @return {@code true} if the basis is valid on the transfer's date and its limits hold
     */
    public boolean coversTransfer(Transfer transfer) {
        if (!validOn(transfer.date())) {
            return false;
        }
        if (!jurisdictions.isEmpty() && !(jurisdictions.contains(transfer.destination())
                && jurisdictions.contains(transfer.recipientJurisdiction()))) {
            return false;
        }
        return recipient == null || recipient.equals(transfer.recipient().name());
    }
}
