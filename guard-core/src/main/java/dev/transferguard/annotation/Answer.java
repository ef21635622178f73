package dev.transferguard.annotation;

/**
 * The answer an annotation gives to a yes-or-no fact about a transfer, or none. A fact left unsaid is read
 * by the policies as "may be": a rule that restricts when it holds applies, an exemption that needs it
 * does not.
 */
public enum Answer {
    /** The fact holds. */
    YES,
    /** The fact does not hold. */
    NO,
    /** Not said here: a type's annotation may say it for its methods; otherwise it is not known. */
    UNSAID;

    /**
     * This answer as a fact of a transfer.
     *
     * @return {@code true}, {@code false}, or {@code null} for {@link #UNSAID}
     */
    public Boolean asFact() {
        return this == UNSAID ? null : this == YES;
    }
}
