package dev.transferguard.internal.json;

import dev.transferguard.InvalidTransferException;
import java.util.Arrays;

/**
 * The text being read and where it sits in its file, so that character offsets reported by the parser
 * become {@code file:line:column}. Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}, as Jackson
 * counts them.
 */
final class SourceText {

    private final String name;
    private final String text;
    private final int firstLine;
    /** Built on first use; volatile because a lazily read transfer may be asked for its places on any thread. */
    private volatile int[] lineStarts;

    /**
     * @param name      the source name put in front of messages
     * @param text      the JSON text
     * @param firstLine the line of the file on which {@code text} starts (JSON Lines read line by line)
     */
    SourceText(String name, String text, int firstLine) {
        this.name = name;
        this.text = text;
        this.firstLine = firstLine;
    }

    String text() {
        return text;
    }

    /** The location of the character at {@code offset}; offsets outside the text are clamped to it. */
    Location at(long offset) {
        int off = (int) Math.max(0, Math.min(offset, text.length()));
        int[] starts = lineStarts();
        int i = Arrays.binarySearch(starts, off);
        int line = i >= 0 ? i : -i - 2;
        return new Location(name, firstLine + line, off - starts[line] + 1);
    }

    /** The exception for a problem at {@code offset}, with a one-line message. */
    InvalidTransferException error(long offset, String message) {
        return new InvalidTransferException(at(offset) + ": " + message);
    }

    /**
     * The offset of the opening quote of the key that ends just before {@code offset} (whitespace
     * allowed in between); Jackson reports duplicate and over-long keys only after reading them.
     */
    long keyStartBefore(long offset) {
        int i = (int) Math.min(offset, text.length()) - 1;
        while (i >= 0 && isJsonSpace(text.charAt(i))) {
            i--;
        }
        if (i < 0 || text.charAt(i) != '"') {
            return offset;
        }
        for (int j = i - 1; j >= 0; j--) {
            if (text.charAt(j) == '"' && !escaped(j)) {
                return j;
            }
        }
        return offset;
    }

    /**
     * The offset where the bare token (number or misspelt literal) touching {@code offset} starts;
     * Jackson reports such errors at or after the token's end.
     */
    long tokenStartBefore(long offset) {
        int i = (int) Math.min(offset, text.length());
        while (i > 0 && isBareTokenChar(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** The offset of the first character at or after {@code offset} that is not JSON whitespace, or -1. */
    int nextNonSpace(long offset) {
        for (int i = (int) Math.max(0, offset); i < text.length(); i++) {
            if (!isJsonSpace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The last character before {@code offset} that is not JSON whitespace, or 0 at the start. */
    char previousNonSpace(long offset) {
        for (int i = (int) Math.min(offset, text.length()) - 1; i >= 0; i--) {
            if (!isJsonSpace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }

    static boolean isJsonSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isBareTokenChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '+' || c == '.' || c == '_';
    }

    private boolean escaped(int quote) {
        int backslashes = 0;
        for (int k = quote - 1; k >= 0 && text.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private int[] lineStarts() {
        int[] known = lineStarts;
        if (known != null) {
            return known;
        }
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean breaks = c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
            if (breaks) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        known = Arrays.copyOf(starts, n);
        lineStarts = known;
        return known;
    }
}
