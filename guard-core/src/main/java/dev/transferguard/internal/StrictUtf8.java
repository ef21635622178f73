package dev.transferguard.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: a byte sequence that is not UTF-8 is reported with its place instead of being
 * replaced silently, so that policies, transfers and checkpoints are read exactly as written.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /**
     * The outcome of decoding.
     *
     * @param text        the text decoded up to the first bad byte (all of it when there is none)
     * @param badByte     the offset of the first byte that is not UTF-8, or -1
     * @param badLine     the 1-based line of that byte, or -1
     */
    public record Decoded(String text, int badByte, int badLine) {

        /**
         * Whether every byte was valid.
         *
         * @return {@code true} when there is no bad byte
         */
        public boolean valid() {
            return badByte < 0;
        }
    }

    /**
     * Decodes bytes.
     *
     * @param bytes the bytes
     * @return the text, or where it stops being UTF-8
     */
    public static Decoded decode(byte[] bytes) {
        // Most inputs are valid, and the JVM decodes a String several times faster than a CharsetDecoder does
        // (an ASCII file is one copy). It replaces every sequence that is not UTF-8 by U+FFFD, so a text without
        // one was valid throughout; with one (a bad sequence, or a U+FFFD written as such), the strict decoder
        // below says whether and where.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return new Decoded(text, -1, -1);
        }
        return decodeStrictly(bytes);
    }

    /** The decoding every text once had: a decoder that reports; the fast path must agree with it. */
    static Decoded decodeStrictly(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more chars than bytes, so the buffer cannot overflow.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        String text = out.flip().toString();
        if (!result.isError()) {
            return new Decoded(text, -1, -1);
        }
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return new Decoded(text, in.position(), line);
    }
}
