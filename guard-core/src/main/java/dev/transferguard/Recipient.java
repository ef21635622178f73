package dev.transferguard;

import dev.transferguard.internal.PartyNames;

/**
 * Who receives the data.
 *
 * @param name          the counterparty's name, used to key per-counterparty volume counters; may be {@code null}.
 *                      Kept in its normal form (NFKC case fold, trimmed, single spaces), so that two spellings of
 *                      one counterparty are one counterparty; a name with invisible or formatting characters, or
 *                      mixing look-alike scripts, is refused
 * @param kind          the recipient kind as declared in the policies (e.g. {@code commercial},
 *                      {@code foreign-judicial}); may be {@code null} when unknown
 * @param jurisdiction  the ISO 3166-1 alpha-2 code of the recipient's jurisdiction; {@code null} means the
 *                      transfer's destination
 * @param coveredPerson whether the recipient is a covered person under 28 CFR Part 202; {@code null} when not
 *                      said, which the policies read as "may be" (a rule against covered persons applies, an
 *                      exemption for others does not)
 */
public record Recipient(String name, String kind, String jurisdiction, Boolean coveredPerson) {

    /** A recipient about which nothing is known. */
    public static final Recipient UNKNOWN = new Recipient(null, null, null, null);

    /**
     * Puts the name in its normal form.
     *
     * @throws IllegalArgumentException if the name is blank, holds invisible or formatting characters, or mixes
     *                                  scripts whose letters look alike
     */
    public Recipient {
        if (name != null) {
            name = PartyNames.normalise(name, "recipient.name");
        }
    }
}
