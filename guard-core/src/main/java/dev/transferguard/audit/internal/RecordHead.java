package dev.transferguard.audit.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The head of a record line, <code>{"origin":..,"seq":..,"prev":"..",</code>: how the writer writes it and
 * how readers read it back. The head has one fixed spelling, so a verifier can read {@code origin},
 * {@code seq} and {@code prev} from the first bytes of a line without parsing the rest; a line whose head is
 * not of that shape is read the forgiving way, to name the fault.
 */
public final class RecordHead {

    private static final int HASH = RecordFormat.HASH;
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final byte[] PREV_KEY = ascii(",\"prev\":\"");
    private static final byte[] HEAD_END = ascii("\",");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private RecordHead() {
    }

    /**
     * The start of every line of a log: <code>{"origin":"&lt;origin&gt;","seq":</code>.
     *
     * @param origin the log's origin
     * @return the bytes
     */
    public static byte[] headPrefix(String origin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(origin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LineBuffer head = new LineBuffer(64);
        head.write(ascii("{\"origin\":"));
        head.write(out.toByteArray());
        head.write(ascii(",\"seq\":"));
        return Arrays.copyOf(head.array(), head.size());
    }

    /**
     * Writes a line's head: the prefix, the sequence number and the previous leaf hash.
     *
     * @param out        the line being built
     * @param headPrefix from {@link #headPrefix(String)}
     * @param seq        the record's sequence number
     * @param prev       the leaf hash of the record before, or 32 zero bytes
     */
    public static void writeHead(LineBuffer out, byte[] headPrefix, long seq, byte[] prev) {
        out.write(headPrefix);
        out.writeDecimal(seq);
        out.write(PREV_KEY);
        out.writeHex(prev);
        out.write(HEAD_END);
    }

    /**
     * Reads a line's head the fast way: it must start with {@code headPrefix}, then a canonical decimal
     * {@code seq}, then {@code ,"prev":"} with 64 lowercase hex digits and {@code ",}.
     *
     * @param b          holds the line
     * @param off        where it starts
     * @param len        its length
     * @param headPrefix this log's prefix, from {@link #headPrefix(String)}
     * @param prevOut    receives the 32 bytes of {@code prev}
     * @return the sequence number, or -1 when the head is not of that shape
     */
    public static long parseHead(byte[] b, int off, int len, byte[] headPrefix, byte[] prevOut) {
        int end = off + len;
        int p = seqEnd(b, off, end, headPrefix);
        if (p < 0) {
            return -1;
        }
        long seq = decimal(b, off + headPrefix.length, p);
        if (p + PREV_KEY.length + 2 * HASH + HEAD_END.length > end
                || !Arrays.equals(b, p, p + PREV_KEY.length, PREV_KEY, 0, PREV_KEY.length)) {
            return -1;
        }
        p += PREV_KEY.length;
        for (int i = 0; i < HASH; i++) {
            int hi = hexValue(b[p++]);
            int lo = hexValue(b[p++]);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            prevOut[i] = (byte) (hi << 4 | lo);
        }
        if (!Arrays.equals(b, p, p + HEAD_END.length, HEAD_END, 0, HEAD_END.length)) {
            return -1;
        }
        return seq;
    }

    /**
     * Where the sequence number of a head ends: the line must start with the log's head prefix, followed by 1 to
     * 18 digits without a leading zero.
     *
     * @return the index just after the digits, or -1 when the line does not start that way
     */
    private static int seqEnd(byte[] b, int off, int end, byte[] headPrefix) {
        int p = off + headPrefix.length;
        if (p > end || !Arrays.equals(b, off, p, headPrefix, 0, headPrefix.length)) {
            return -1;
        }
        int digits = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (p - digits >= 18) {
                return -1;
            }
            p++;
        }
        if (p == digits || (b[digits] == '0' && p - digits > 1)) {
            return -1;
        }
        return p;
    }

    /** The value of the decimal digits {@code b[from..to)}, which {@link #seqEnd} has checked. */
    private static long decimal(byte[] b, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * Reads {@code seq} the slow, forgiving way, for a line whose head is not of the expected shape: from a
     * top-level {@code seq} integer among the first keys of a JSON object.
     *
     * @param b   holds the line
     * @param off where it starts
     * @param len its length
     * @return the sequence number, or -1 when none can be read
     */
    public static long looseSeq(byte[] b, int off, int len) {
        try (JsonParser p = FACTORY.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            for (int i = 0; i < 4; i++) {
                if (p.nextToken() != JsonToken.FIELD_NAME) {
                    return -1;
                }
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("seq".equals(name)) {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        return -1;
                    }
                    long seq = p.getLongValue();
                    return seq >= 0 ? seq : -1;
                }
                p.skipChildren();
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether a line is exactly one JSON object, and whether anything follows it.
     *
     * @param b   holds the line
     * @param off where it starts
     * @param len its length
     * @return 0 when it is one whole object, 1 when a whole object is followed by other bytes, 2 when it is
     *         not a whole object (it ends early or is not JSON)
     */
    public static int objectShape(byte[] b, int off, int len) {
        try (JsonParser p = FACTORY.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return 2;
            }
            p.skipChildren();
            long consumed = p.currentLocation().getByteOffset();
            return consumed >= len ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            return 2;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A buffer for {@link #linkedSeq}, one per thread that reads heads.
     *
     * @return a new buffer holding what follows the seq in a head, its hex digits yet to be filled in
     */
    public static byte[] linkScratch() {
        byte[] expected = new byte[PREV_KEY.length + 2 * HASH + HEAD_END.length];
        System.arraycopy(PREV_KEY, 0, expected, 0, PREV_KEY.length);
        System.arraycopy(HEAD_END, 0, expected, expected.length - HEAD_END.length, HEAD_END.length);
        return expected;
    }

    /**
     * Reads a head that is exactly what the writer writes after the line whose leaf hash is given: one
     * comparison of bytes, the verifier's common case.
     *
     * @param b          holds the line
     * @param off        where it starts
     * @param len        its length
     * @param headPrefix this log's prefix
     * @param prevLeaf   holds the leaf hash of the line before
     * @param prevOff    where it starts
     * @param scratch    from {@link #linkScratch()}
     * @return its seq, or -1 when it is not such a head (it may still be a head: ask {@link #parseHead})
     */
    public static long linkedSeq(byte[] b, int off, int len, byte[] headPrefix, byte[] prevLeaf, int prevOff,
                                 byte[] scratch) {
        int end = off + len;
        int p = seqEnd(b, off, end, headPrefix);
        if (p < 0 || p + scratch.length > end) {
            return -1;
        }
        long seq = decimal(b, off + headPrefix.length, p);
        int h = PREV_KEY.length;
        for (int i = 0; i < HASH; i++) {
            byte x = prevLeaf[prevOff + i];
            scratch[h++] = HEX[(x >> 4) & 0xf];
            scratch[h++] = HEX[x & 0xf];
        }
        return Arrays.equals(b, p, p + scratch.length, scratch, 0, scratch.length) ? seq : -1;
    }
}
