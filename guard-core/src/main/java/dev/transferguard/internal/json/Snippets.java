package dev.transferguard.internal.json;

import java.util.List;

/**
 * Short, safe renderings of input for error messages: a message stays on one line and never carries a
 * long value (which may be personal data, or an attack on a log) in full.
 */
final class Snippets {

    /** The most characters of an input value a message repeats. */
    static final int MAX_ECHO = 40;

    private Snippets() {
    }

    /** {@code s} in double quotes, escaped so that it stays on one line, cut after {@value #MAX_ECHO} characters. */
    static String quote(String s) {
        return '"' + escape(clip(s, MAX_ECHO)) + '"';
    }

    /** {@code s} cut to at most {@code max} characters (plus "..."), never in the middle of a surrogate pair. */
    static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "...";
    }

    /** {@code s} with quotes, backslashes and control characters escaped as in JSON. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A character as a message shows it: {@code 'x'} when printable ASCII ({@code "'"} for the apostrophe),
     * {@code U+0001} otherwise.
     */
    static String character(int c) {
        if (c == '\'') {
            return "\"'\"";
        }
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    /** The candidate closest to {@code name} within edit distance 2, or {@code null}. */
    static String closest(String name, List<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            if (Math.abs(c.length() - name.length()) < bestDistance) {
                int d = distance(name, c);
                if (d < bestDistance) {
                    best = c;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    /** The message for a key that is not one of {@code known}, with a suggestion when one is close. */
    static String unknownKey(String key, List<String> known) {
        String close = closest(key, known);
        return "unknown key " + quote(key) + (close != null
                ? "; did you mean \"" + close + "\"?"
                : "; known keys are " + String.join(", ", known));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
