package dev.transferguard.internal;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * The one normal form of the names that key anything: recipients, the counterparties of per-counterparty
 * counters, the recipients of bases on file. Two spellings of one counterparty must never start two counters,
 * so a name is reduced to its NFKC case fold, trimmed, with runs of white space made one space; and a name that
 * could read as another is refused rather than guessed at: invisible and bidirectional formatting characters,
 * line separators, and letters of scripts that are not normally mixed (a Cyrillic "а" among Latin letters).
 */
public final class PartyNames {

    /** Folds compatibility forms, case and default-ignorable characters (zero-width, soft hyphen) away. */
    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();

    /**
     * Latin may be mixed with the scripts of China, Japan and Korea, and each script stands alone; Latin with
     * Cyrillic or Greek, whose letters look alike, may not.
     */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.HIDDEN_OVERLAY)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();

    private PartyNames() {
    }

    /**
     * The normal form of a name.
     *
     * @param name a name as given
     * @param what what the name is, for the message, e.g. {@code recipient.name}
     * @return the folded, trimmed name
     * @throws IllegalArgumentException if the name is blank once folded, or holds characters that make it read
     *                                  as something else; the message names the character's code point, never
     *                                  the name
     */
    public static String normalise(String name, String what) {
        if (isPlainAscii(name)) {
            // The common case, and no confusable can hide in it: lower case and white space are all there is.
            return collapse(name.toLowerCase(java.util.Locale.ROOT), what);
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (isInvisible(c)) {
                throw new IllegalArgumentException(what + " must not hold invisible, formatting or separator"
                        + " characters, found " + String.format("U+%04X", c));
            }
            i += Character.charCount(c);
        }
        String folded = FOLD.normalize(name);
        if (SPOOF.failsChecks(folded)) {
            throw new IllegalArgumentException(what + " mixes scripts whose letters look alike (such as Latin"
                    + " and Cyrillic), so it could be taken for another name");
        }
        return collapse(folded, what);
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Characters that change nothing a reader sees, or change how the rest reads: formats (zero-width, bidi
     * controls and isolates, soft hyphen), controls, line and paragraph separators, unassigned code points.
     */
    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef) || c == 0x115f || c == 0x1160
                || c == 0x3164 || c == 0xffa0 || c == 0x034f || (c >= 0x17b4 && c <= 0x17b5);
    }

    /** Trims and makes each run of white space one space. */
    private static String collapse(String s, String what) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (sb.length() == 0) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return sb.length() == s.length() && sb.indexOf(s) == 0 ? s : sb.toString();
    }
}
