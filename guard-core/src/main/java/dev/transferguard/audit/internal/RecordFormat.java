package dev.transferguard.audit.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.Caller;
import dev.transferguard.internal.json.JsonOut;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The body of a record line (see {@code docs/audit-log.md}): everything from {@code "time"} on, which the
 * caller's thread encodes beforehand, so that the writer's serial work is small, or, in {@code ASYNC} mode
 * while the writer has time, the writer itself, so that the caller returns sooner; the bytes are the same. The head before it, which
 * only the writer can fill in, is {@link RecordHead}'s.
 */
public final class RecordFormat {

    /** Leaf hashes are SHA-256: 32 bytes, as the tree's (kept here so the format needs no tree code). */
    public static final int HASH = 32;
    /** The record kind of decisions. */
    public static final String DECISION = "decision";
    /** The record kind of recovery notes. */
    public static final String RECOVERY = "recovery";

    // Keys in their encoded form, as JsonOut's: copied, not checked character by character.
    private static final SerializedString TIME_KEY = new SerializedString("time");
    private static final SerializedString KIND_KEY = new SerializedString("kind");
    private static final SerializedString TRANSFER_KEY = new SerializedString("transfer");
    private static final SerializedString DECISION_KEY = new SerializedString("decision");
    private static final SerializedString CALLER_KEY = new SerializedString("caller");
    private static final SerializedString SERVICE_KEY = new SerializedString("service");
    private static final SerializedString METHOD_KEY = new SerializedString("method");
    private static final SerializedString DECISION_KIND = new SerializedString(DECISION);

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
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
        g.writeFieldName(TIME_KEY);
        writeTime(g, time);
        g.writeFieldName(KIND_KEY);
        g.writeString(DECISION_KIND);
        g.writeFieldName(TRANSFER_KEY);
        JsonOut.writeTransfer(g, transfer);
        g.writeFieldName(DECISION_KEY);
        // The decision object is what toJson() and `guard check --json` print: one writer for all three.
        JsonOut.writeDecision(g, decision);
        // The digest again at the top, as the format has it: tools select records by bundle without opening
        // the decision.
        JsonOut.writePolicyDigest(g, decision);
        if (caller != null && !caller.isEmpty()) {
            g.writeFieldName(CALLER_KEY);
            g.writeStartObject();
            if (caller.service() != null) {
                g.writeFieldName(SERVICE_KEY);
                g.writeString(caller.service());
            }
            if (caller.method() != null) {
                g.writeFieldName(METHOD_KEY);
                g.writeString(caller.method());
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
        byte[] b = timeBytes(time);
        return b != null ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : TIME.format(time);
    }

    /** Writes a time as {@link #formatTime} has it, without making the string first where it can. */
    private static void writeTime(JsonGenerator g, Instant time) throws IOException {
        byte[] b = g instanceof UTF8JsonGenerator ? timeBytes(time) : null;
        if (b != null) {
            g.writeRawUTF8String(b, 0, b.length);
        } else {
            g.writeString(formatTime(time));
        }
    }

    /**
     * The ASCII of {@link #formatTime}, or {@code null} for an instant whose year is not of four digits (a sign
     * or a fifth digit: the formatter's rules, for instants no clock gives today). Every append writes a time;
     * the general formatter cost as much as a tenth of the encoding.
     */
    private static byte[] timeBytes(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < FOUR_DIGIT_YEARS_FROM || seconds >= FOUR_DIGIT_YEARS_UNTIL) {
            return null;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        byte[] b = new byte[27];
        JsonOut.isoDay(b, 0, LocalDate.ofEpochDay(days));
        b[10] = 'T';
        JsonOut.digits(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        JsonOut.digits(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        JsonOut.digits(b, 17, secondOfDay % 60, 2);
        b[19] = '.';
        JsonOut.digits(b, 20, time.getNano() / 1000, 6);
        b[26] = 'Z';
        return b;
    }
}
