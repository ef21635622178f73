package dev.transferguard.audit.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.internal.json.JsonOut;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The bytes of a record line (see {@code docs/audit-log.md}): the head
 * <code>{"origin":..,"seq":..,"prev":"..",</code> that only the writer can fill in, in order, and the body from {@code "time"} on that the
 * caller's thread encodes beforehand, so that the writer's serial work is small.
 *
 * <p>The head has one fixed spelling, so a verifier can read {@code origin}, {@code seq} and {@code prev}
 * from the first bytes of a line without parsing the rest.
 */
public final class RecordFormat {

    /** Leaf hashes are SHA-256. */
    public static final int HASH = Rfc6962Hasher.HASH_SIZE;
    /** The record kind of decisions. */
    public static final String DECISION = "decision";
    /** The record kind of recovery notes. */
    public static final String RECOVERY = "recovery";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /* The parts of a head, shared with RecordScan, which reads heads as fast as it can; never written. */
    static final byte[] PREV_KEY = ascii(",\"prev\":\"");
    static final byte[] HEAD_END = ascii("\",");
    static final byte[] HEX = ascii("0123456789abcdef");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the instants whose year has four digits lie between. */
    private static final long FOUR_DIGIT_YEARS_FROM = -62_167_219_200L;
    private static final long FOUR_DIGIT_YEARS_UNTIL = 253_402_300_800L;
    /** A body is encoded in its thread's scratch buffer, then copied once; one far larger is not kept. */
    private static final int SCRATCH_KEPT = 1 << 16;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private RecordFormat() {
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
     * The body of a decision record: {@code "time":..,"kind":"decision","transfer":..,"decision":..,
     * "policyDigest":..,"caller":..}}, ending the object.
     *
     * @param time     when the decision was made
     * @param transfer the transfer, its subject ids already pseudonymised
     * @param decision the decision
     * @param caller   the caller, or {@code null}
     * @return UTF-8 bytes
     */
    public static byte[] decisionBody(Instant time, Transfer transfer, Decision decision, Caller caller) {
        return body(g -> writeDecisionFields(g, time, transfer, decision, caller));
    }

    /**
     * Writes the fields of a decision record after its head, from {@code time} to {@code caller}, into an
     * object the caller has opened and will close.
     *
     * @param g        the generator, inside the record's object
     * @param time     when the decision was made
     * @param transfer the transfer, its subject ids already pseudonymised
     * @param decision the decision
     * @param caller   the caller, or {@code null}
     * @throws IOException if the generator's target fails
     */
    public static void writeDecisionFields(JsonGenerator g, Instant time, Transfer transfer, Decision decision,
            Caller caller) throws IOException {
        g.writeStringField("time", formatTime(time));
        g.writeStringField("kind", DECISION);
        g.writeFieldName("transfer");
        JsonOut.writeTransfer(g, transfer);
        g.writeFieldName("decision");
        JsonOut.writeDecision(g, decision);
        g.writeStringField("policyDigest", decision.policyDigest());
        if (caller != null && !caller.isEmpty()) {
            g.writeObjectFieldStart("caller");
            if (caller.service() != null) {
                g.writeStringField("service", caller.service());
            }
            if (caller.method() != null) {
                g.writeStringField("method", caller.method());
            }
            g.writeEndObject();
        }
    }

    /**
     * The body of a recovery record, which says what recovery cut off, never what it held.
     *
     * @param time   when recovery ran
     * @param file   the segment truncated
     * @param offset where in it the cut started
     * @param bytes  how many bytes were removed
     * @param lines  how many lines they were
     * @param reason {@code torn}, {@code not-a-record} or {@code out-of-sequence}
     * @return UTF-8 bytes
     */
    public static byte[] recoveryBody(Instant time, String file, long offset, long bytes, long lines, String reason) {
        return body(g -> {
            g.writeStringField("time", formatTime(time));
            g.writeStringField("kind", RECOVERY);
            g.writeObjectFieldStart("recovery");
            g.writeStringField("file", file);
            g.writeNumberField("offset", offset);
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("lines", lines);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] body(Fields fields) {
        // Every append encodes a body: one copy out of a reused buffer, rather than a growing stream's copies.
        Scratch out = SCRATCH.get();
        out.size = 0;
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // the scratch buffer does not fail
            throw new UncheckedIOException(e);
        }
        // Drop the opening brace: the writer's head opens the object.
        byte[] body = Arrays.copyOfRange(out.bytes, 1, out.size);
        if (out.bytes.length > SCRATCH_KEPT) {
            SCRATCH.remove();
        }
        return body;
    }

    /** A thread's buffer for encoding bodies in. */
    private static final class Scratch extends OutputStream {
        byte[] bytes = new byte[4096];
        int size;

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, 2 * bytes.length);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    /**
     * @param time an instant
     * @return it as the records write it: UTC, microseconds, {@code 2026-03-01T09:30:12.123456Z}
     */
    public static String formatTime(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < FOUR_DIGIT_YEARS_FROM || seconds >= FOUR_DIGIT_YEARS_UNTIL) {
            // A sign or a fifth digit: the formatter's rules, for instants no clock gives today.
            return TIME.format(time);
        }
        // Every append writes a time; the general formatter costs as much as a tenth of the encoding.
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        byte[] b = new byte[27];
        digits(b, 0, date.getYear(), 4);
        b[4] = '-';
        digits(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secondOfDay % 60, 2);
        b[19] = '.';
        digits(b, 20, time.getNano() / 1000, 6);
        b[26] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes a non-negative number in exactly {@code width} decimal digits, with leading zeros. */
    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
    static int seqEnd(byte[] b, int off, int end, byte[] headPrefix) {
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
    static long decimal(byte[] b, int from, int to) {
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

    /** A growable byte array that lines are built in; reused from batch to batch. */
    public static final class LineBuffer {
        private byte[] bytes;
        private int size;

        /**
         * @param capacity the initial capacity
         */
        public LineBuffer(int capacity) {
            bytes = new byte[capacity];
        }

        /** Forgets the content, keeping the capacity. */
        public void reset() {
            size = 0;
        }

        /** @return the bytes written, from 0 to {@link #size()} */
        public byte[] array() {
            return bytes;
        }

        /** @return how many bytes were written */
        public int size() {
            return size;
        }

        /**
         * Forgets everything from {@code newSize} on.
         *
         * @param newSize the size to go back to, at most {@link #size()}
         */
        public void truncate(int newSize) {
            size = newSize;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        /**
         * @param b bytes to append
         */
        public void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        /**
         * @param b one byte to append
         */
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        /**
         * @param n a non-negative number to append in decimal
         */
        public void writeDecimal(long n) {
            write(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        /**
         * @param b bytes to append as lowercase hex
         */
        public void writeHex(byte[] b) {
            ensure(2 * b.length);
            for (byte x : b) {
                bytes[size++] = HEX[(x >> 4) & 0xf];
                bytes[size++] = HEX[x & 0xf];
            }
        }
    }
}
