package dev.transferguard;

import dev.transferguard.internal.Pseudonyms;

/**
 * The rule for a secret key of subject-id pseudonyms (HMAC-SHA256): at least {@value #MIN_BYTES} bytes. The
 * builders ({@link Guard.Builder#pseudonymKey(byte[])}, {@code AuditLog.Builder.pseudonymKey}) apply it; an
 * integration that reads a key from its configuration applies it too, naming where the key came from, so that
 * a bad key is refused with the same message wherever it is given.
 */
public final class PseudonymKey {

    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_BYTES = Pseudonyms.MIN_KEY_BYTES;

    private PseudonymKey() {
    }

    /**
     * Checks a pseudonym key.
     *
     * @param key  the candidate key
     * @param what where it comes from, for the message: a property, a file
     * @return a copy of the key
     * @throws IllegalArgumentException when it is {@code null} or has fewer than {@value #MIN_BYTES} bytes;
     *                                  the message starts with {@code what}
     */
    public static byte[] check(byte[] key, String what) {
        return Pseudonyms.checkKey(key, what);
    }
}
