package dev.transferguard;

/**
 * Who receives the data.
 *
 * @param name          the counterparty's name, used to key per-counterparty volume counters; may be {@code null}
 * @param kind          the recipient kind as declared in the policies (e.g. {@code commercial},
 *                      {@code foreign-judicial}); may be {@code null} when unknown
 * @param jurisdiction  the ISO 3166-1 alpha-2 code of the recipient's jurisdiction; {@code null} means the
 *                      transfer's destination
 * @param coveredPerson whether the recipient is a covered person under 28 CFR Part 202
 */
public record Recipient(String name, String kind, String jurisdiction, boolean coveredPerson) {

    /** A recipient about which nothing is known. */
    public static final Recipient UNKNOWN = new Recipient(null, null, null, false);
}
