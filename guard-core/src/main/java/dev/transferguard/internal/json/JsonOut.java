package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.LegalBasis;
import dev.transferguard.Reason;
import dev.transferguard.Recipient;
import dev.transferguard.Requirement;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.internal.EngineDecision;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes transfers and decisions as compact JSON in a canonical form: keys in a fixed order, entity
 * attributes sorted, remedies sorted, absent optional parts left out. The same value always gives the
 * same text, which the audit log relies on when it hashes records.
 */
public final class JsonOut {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Smaller sets first, then by their sorted names, so that equal decisions print the same remedies. */
    private static final Comparator<List<String>> REMEDY_ORDER = Comparator.<List<String>>comparingInt(List::size)
            .thenComparing((a, b) -> {
                for (int i = 0; i < a.size(); i++) {
                    int c = a.get(i).compareTo(b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            });

    // Keys in their encoded form: a generator copies their bytes instead of checking each character for
    // escapes, which was about as costly as a short field's value (the transfer of an audit record has a dozen).
    private static final SerializedString ACTION = new SerializedString("action");
    private static final SerializedString DATE = new SerializedString("date");
    private static final SerializedString ORIGIN = new SerializedString("origin");
    private static final SerializedString DESTINATION = new SerializedString("destination");
    private static final SerializedString CATEGORIES = new SerializedString("categories");
    private static final SerializedString SUBJECTS = new SerializedString("subjects");
    private static final SerializedString RESIDENCE = new SerializedString("residence");
    private static final SerializedString CITIZENSHIP = new SerializedString("citizenship");
    private static final SerializedString COUNT = new SerializedString("count");
    private static final SerializedString IDS = new SerializedString("ids");
    private static final SerializedString ENTITY = new SerializedString("entity");
    private static final SerializedString RECIPIENT = new SerializedString("recipient");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString JURISDICTION = new SerializedString("jurisdiction");
    private static final SerializedString COVERED_PERSON = new SerializedString("coveredPerson");
    private static final SerializedString TRANSACTION = new SerializedString("transaction");
    private static final SerializedString PURPOSE = new SerializedString("purpose");
    private static final SerializedString BASES = new SerializedString("bases");
    private static final SerializedString SINCE = new SerializedString("since");
    private static final SerializedString UNTIL = new SerializedString("until");
    private static final SerializedString JURISDICTIONS = new SerializedString("jurisdictions");
    private static final SerializedString DECISION = new SerializedString("decision");
    private static final SerializedString OBLIGATIONS = new SerializedString("obligations");
    private static final SerializedString UNMET = new SerializedString("unmet");
    private static final SerializedString REASONS = new SerializedString("reasons");
    private static final SerializedString REMEDIES = new SerializedString("remedies");
    private static final SerializedString POLICY_DIGEST = new SerializedString("policyDigest");

    private JsonOut() {
    }

    /**
     * The canonical JSON of a transfer, in the shape {@link TransferJsonReader} reads back to an equal
     * transfer. It contains the subject ids as they are: pseudonymise them before writing where the text
     * is kept.
     *
     * @param transfer the transfer
     * @return one line of JSON
     */
    public static String transfer(Transfer transfer) {
        return write(g -> writeTransfer(g, transfer));
    }

    /**
     * The JSON of a decision: {@code decision}, {@code obligations}, {@code unmet}, {@code reasons},
     * {@code remedies} and {@code policyDigest}, every key always present.
     *
     * @param decision the decision
     * @return one line of JSON
     */
    public static String decision(Decision decision) {
        return write(g -> writeDecision(g, decision));
    }

    /**
     * Writes a transfer as one JSON object at the generator's position, e.g. as the value of a field of a
     * larger object.
     *
     * @param g        the generator, positioned where a value may go
     * @param transfer the transfer
     * @throws IOException if the generator's target fails
     */
    public static void writeTransfer(JsonGenerator g, Transfer transfer) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ACTION);
        g.writeString(transfer.action().code());
        g.writeFieldName(DATE);
        writeDate(g, transfer.date());
        g.writeFieldName(ORIGIN);
        g.writeString(transfer.origin());
        g.writeFieldName(DESTINATION);
        g.writeString(transfer.destination());
        writeStrings(g, CATEGORIES, transfer.categories());
        if (!isNone(transfer.subjects())) {
            writeSubjects(g, transfer.subjects());
        }
        if (!transfer.entity().isEmpty()) {
            g.writeFieldName(ENTITY);
            g.writeStartObject();
            for (Map.Entry<String, Object> e : new TreeMap<>(transfer.entity()).entrySet()) {
                g.writeFieldName(e.getKey());
                writeAttribute(g, e.getValue());
            }
            g.writeEndObject();
        }
        if (!isUnknown(transfer.recipient())) {
            writeRecipient(g, transfer.recipient());
        }
        writeOptional(g, TRANSACTION, transfer.transaction());
        writeOptional(g, PURPOSE, transfer.purpose());
        if (!transfer.bases().isEmpty()) {
            g.writeFieldName(BASES);
            g.writeStartArray();
            for (LegalBasis b : transfer.bases()) {
                writeBasis(g, b);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * Writes a decision as one JSON object at the generator's position, e.g. as the value of a field of a
     * larger object. This is the one writer of a decision: {@link Decision#toJson()}, {@code guard check --json}
     * and the {@code decision} object of an audit record are its output. The reasons and requirements of a
     * decision the engine made come from the {@link EncodedParts} of its bundle.
     *
     * @param g        the generator, positioned where a value may go
     * @param decision the decision
     * @throws IOException if the generator's target fails
     */
    public static void writeDecision(JsonGenerator g, Decision decision) throws IOException {
        EncodedParts parts = decision instanceof EngineDecision e ? e.encodedParts() : EncodedParts.NONE;
        SerializableString known = writesAsKept(g) ? parts.decisionUtf8(decision) : null;
        if (known != null) {
            g.writeRawValue(known);
        } else {
            encodeDecision(g, decision, parts);
        }
    }

    /**
     * Whether a generator writes exactly the bytes of the kept decisions, made by a plain UTF-8 generator of
     * this class's factory (as the audit log's are): a writer of characters, other features or escapes would
     * write some values otherwise (a UTF-8 generator escapes characters beyond the BMP, a writer does not).
     */
    private static boolean writesAsKept(JsonGenerator g) {
        return g instanceof UTF8JsonGenerator && g.getFeatureMask() == FACTORY.getGeneratorFeatures()
                && g.getCharacterEscapes() == null && g.getHighestEscapedChar() == 0 && g.getPrettyPrinter() == null;
    }

    /** The one encoding of a decision object, its reasons and requirements taken from {@code parts}. */
    static void encodeDecision(JsonGenerator g, Decision decision, EncodedParts parts) throws IOException {
        g.writeStartObject();
        g.writeFieldName(DECISION);
        g.writeString(decision.outcome().name());
        writeStrings(g, OBLIGATIONS, decision.obligations());
        g.writeFieldName(UNMET);
        g.writeStartArray();
        List<Requirement> unmet = decision.unmet();
        for (int i = 0; i < unmet.size(); i++) {
            parts.writeTo(g, unmet.get(i));
        }
        g.writeEndArray();
        g.writeFieldName(REASONS);
        g.writeStartArray();
        List<Reason> reasons = decision.reasons();
        for (int i = 0; i < reasons.size(); i++) {
            parts.writeTo(g, reasons.get(i));
        }
        g.writeEndArray();
        g.writeFieldName(REMEDIES);
        g.writeStartArray();
        for (List<String> remedy : sortedRemedies(decision.remedies())) {
            writeStrings(g, null, remedy);
        }
        g.writeEndArray();
        writePolicyDigest(g, decision);
        g.writeEndObject();
    }

    /**
     * Writes the field {@code "policyDigest"} with the decision's digest.
     *
     * @param g        the generator, inside an object
     * @param decision the decision
     * @throws IOException if the generator's target fails
     */
    public static void writePolicyDigest(JsonGenerator g, Decision decision) throws IOException {
        g.writeFieldName(POLICY_DIGEST);
        String digest = decision.policyDigest();
        if (digest == null) {
            g.writeNull();
        } else if (decision instanceof EngineDecision e) {
            g.writeString(e.encodedParts().digestJson(digest));
        } else {
            g.writeString(digest);
        }
    }

    /**
     * Writes a day as {@link LocalDate#toString()} has it; the days of four-digit years, all a transfer has in
     * practice, without making the string first.
     *
     * @param g    the generator, where a value may go
     * @param date the day
     * @throws IOException if the generator's target fails
     */
    public static void writeDate(JsonGenerator g, LocalDate date) throws IOException {
        int year = date.getYear();
        if (year < 0 || year > 9999 || !(g instanceof UTF8JsonGenerator)) {
            g.writeString(date.toString());
            return;
        }
        byte[] b = new byte[10];
        isoDay(b, 0, date);
        g.writeRawUTF8String(b, 0, b.length);
    }

    /**
     * Writes a day of a four-digit year as {@link LocalDate#toString()} has it, {@code YYYY-MM-DD}, in ten bytes.
     *
     * @param b   where to write
     * @param at  the index of the first byte
     * @param day the day, of a year from 0 to 9999
     */
    public static void isoDay(byte[] b, int at, LocalDate day) {
        digits(b, at, day.getYear(), 4);
        b[at + 4] = '-';
        digits(b, at + 5, day.getMonthValue(), 2);
        b[at + 7] = '-';
        digits(b, at + 8, day.getDayOfMonth(), 2);
    }

    /**
     * Writes a non-negative number in exactly {@code width} decimal digits, with leading zeros.
     *
     * @param b     where to write
     * @param at    the index of the first digit
     * @param value the number, less than 10 to the {@code width}
     * @param width how many digits
     */
    public static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code Recipient.UNKNOWN} or its equal, without a record's generic equality on the way of every record. */
    private static boolean isUnknown(Recipient r) {
        return r == Recipient.UNKNOWN || r.name() == null && r.kind() == null && r.jurisdiction() == null
                && r.coveredPerson() == null;
    }

    /** Whether the subjects are {@link Subjects#NONE}, without comparing them part by part. */
    private static boolean isNone(Subjects s) {
        return s.count() == 0 && s.ids().isEmpty() && s.residence().isEmpty() && s.citizenship().isEmpty();
    }

    private static List<List<String>> sortedRemedies(List<Set<String>> remedies) {
        List<List<String>> sorted = new ArrayList<>();
        for (Set<String> set : remedies) {
            sorted.add(set.stream().sorted().toList());
        }
        sorted.sort(REMEDY_ORDER);
        return sorted;
    }

    private static void writeSubjects(JsonGenerator g, Subjects s) throws IOException {
        g.writeFieldName(SUBJECTS);
        g.writeStartObject();
        if (!s.residence().isEmpty()) {
            writeStrings(g, RESIDENCE, s.residence());
        }
        if (!s.citizenship().isEmpty()) {
            writeStrings(g, CITIZENSHIP, s.citizenship());
        }
        g.writeFieldName(COUNT);
        g.writeNumber(s.count());
        if (!s.ids().isEmpty()) {
            writeStrings(g, IDS, s.ids());
        }
        g.writeEndObject();
    }

    private static void writeRecipient(JsonGenerator g, Recipient r) throws IOException {
        g.writeFieldName(RECIPIENT);
        g.writeStartObject();
        writeOptional(g, NAME, r.name());
        writeOptional(g, KIND, r.kind());
        writeOptional(g, JURISDICTION, r.jurisdiction());
        if (r.coveredPerson() != null) {
            g.writeFieldName(COVERED_PERSON);
            g.writeBoolean(r.coveredPerson());
        }
        g.writeEndObject();
    }

    private static void writeBasis(JsonGenerator g, LegalBasis b) throws IOException {
        if (b.since() == null && b.until() == null && b.jurisdictions().isEmpty() && b.recipient() == null) {
            g.writeString(b.name());
            return;
        }
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(b.name());
        if (b.since() != null) {
            g.writeFieldName(SINCE);
            writeDate(g, b.since());
        }
        if (b.until() != null) {
            g.writeFieldName(UNTIL);
            writeDate(g, b.until());
        }
        if (!b.jurisdictions().isEmpty()) {
            writeStrings(g, JURISDICTIONS, List.copyOf(b.jurisdictions()));
        }
        writeOptional(g, RECIPIENT, b.recipient());
        g.writeEndObject();
    }

    private static void writeAttribute(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else {
            g.writeString((String) value);
        }
    }

    private static void writeOptional(JsonGenerator g, SerializableString key, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(key);
            g.writeString(value);
        }
    }

    /** Writes a string array, as the value of {@code key} or, when {@code key} is null, as an array value. */
    private static void writeStrings(JsonGenerator g, SerializableString key, List<String> values)
            throws IOException {
        if (key != null) {
            g.writeFieldName(key);
        }
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** What {@link #write(Body)} runs on its generator. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Runs a body on a UTF-8 generator, as the audit log's records are written, and returns the bytes. */
    static byte[] utf8(Body body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            // a byte array does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Runs a body on a generator over a string, and returns the string. */
    static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
