// Longer than most files on purpose: one reader of the transfer grammar, a method per field, sharing the
// parser position that every error message reports; split, each part would need that state passed around.
package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.Action;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.internal.CanonicalNames;
import dev.transferguard.internal.PartyNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one transfer object token by token. The shape is fixed, so the walk never descends into a value
 * it does not expect: a wrong type is reported at its first token, which also keeps hostile nesting
 * from costing stack or time.
 */
final class TransferParser {

    static final List<String> TRANSFER_KEYS = List.of("action", "date", "origin", "destination", "categories",
            "subjects", "entity", "recipient", "transaction", "purpose", "bases");
    static final List<String> SUBJECTS_KEYS = List.of("residence", "citizenship", "count", "ids");
    static final List<String> RECIPIENT_KEYS = List.of("name", "kind", "jurisdiction", "coveredPerson");
    static final List<String> BASIS_KEYS = List.of("name", "since", "until", "jurisdictions", "recipient");

    private static final String CODE = "an ISO 3166-1 alpha-2 code (two upper-case letters)";
    private static final String CODES = "ISO 3166-1 alpha-2 codes (two upper-case letters)";
    private static final String NAME = "a non-empty string";
    /** {@link Action#values()} copies its array on every call. */
    private static final Action[] ACTIONS = Action.values();

    private final SourceText source;
    private final JsonParser p;
    private final LocalDate today;
    private final Map<String, Location> locations;
    private Transfer transfer;
    private long objectStart;
    /**
     * The keys of the object being read, a bit each, to refuse one given twice: a transfer's objects have a few
     * known keys, so a bit mask does what the parser's own check does with a set of names per object.
     */
    private int seen;

    private TransferParser(SourceText source, JsonParser parser, LocalDate today, boolean track) {
        this.source = source;
        this.p = parser;
        this.today = today;
        this.locations = track ? new LinkedHashMap<>() : null;
    }

    /**
     * Reads the single JSON object in {@code source}.
     *
     * @param track whether to collect the locations of every value; without, only the object's own
     */
    static ParsedTransfer parse(JsonFactory factory, SourceText source, LocalDate today, boolean track) {
        TransferParser reader = read(factory, source, today, track);
        Map<String, Location> where = track ? reader.locations : Map.of("", source.at(reader.objectStart));
        return new ParsedTransfer(reader.transfer, where);
    }

    /**
     * Reads the single JSON object in {@code source} without noting where its values are: the same walk and
     * the same errors as {@link #parse}, which reads the text again when a place is asked for.
     */
    static LazyParsedTransfer parseLazily(JsonFactory factory, SourceText source, LocalDate today) {
        TransferParser reader = read(factory, source, today, false);
        return new LazyParsedTransfer(reader.transfer, source, reader.objectStart, today);
    }

    /** Walks the document; on return {@link #transfer} and {@link #objectStart} are set. */
    private static TransferParser read(JsonFactory factory, SourceText source, LocalDate today, boolean track) {
        JsonParser parser;
        try {
            parser = factory.createParser(source.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // not try-with-resources: the error position is read from the parser, which must still be open
        try {
            TransferParser reader = new TransferParser(source, parser, today, track);
            reader.document();
            return reader;
        } catch (JsonProcessingException e) {
            throw JacksonErrors.reword(e, parser, source);
        } catch (IOException e) {
            // reading from a String does no I/O
            throw new UncheckedIOException(e);
        } finally {
            close(parser);
        }
    }

    private static void close(JsonParser parser) {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void document() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw source.error(p.currentLocation().getCharOffset(), "expected a JSON object, found end of input");
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a JSON object");
        }
        long start = here();
        Transfer read = transfer(start);
        int after = source.nextNonSpace(p.currentLocation().getCharOffset());
        if (after >= 0) {
            throw source.error(after, "unexpected content after the JSON object");
        }
        transfer = read;
        objectStart = start;
    }

    private Transfer transfer(long start) throws IOException {
        record("", start);
        Action action = Action.TRANSFER;
        LocalDate date = null;
        String origin = null;
        String destination = null;
        List<String> categories = null;
        Subjects subjects = Subjects.NONE;
        Map<String, Object> entity = Map.of();
        Recipient recipient = Recipient.UNKNOWN;
        String transaction = null;
        String purpose = null;
        List<LegalBasis> bases = List.of();
        seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            switch (key) {
                case "action" -> action = action(value(once(0, key)));
                case "date" -> date = date(value(once(1, key)), "\"date\"", true);
                case "origin" -> origin = code(value(once(2, key)), "\"origin\"", false);
                case "destination" -> destination = code(value(once(3, key)), "\"destination\"", false);
                case "categories" -> categories = categories(value(once(4, key)));
                case "subjects" -> subjects = subjects(value(once(5, key)));
                case "entity" -> entity = entity(value(once(6, key)));
                case "recipient" -> recipient = recipient(value(once(7, key)));
                case "transaction" -> transaction = name(value(once(8, key)), "\"transaction\"", true);
                case "purpose" -> purpose = name(value(once(9, key)), "\"purpose\"", true);
                case "bases" -> bases = bases(value(once(10, key)));
                default -> throw error(Snippets.unknownKey(key, TRANSFER_KEYS));
            }
        }
        requirePresent(origin, "origin", start);
        requirePresent(destination, "destination", start);
        requirePresent(categories, "categories", start);
        try {
            return new Transfer(action, date != null ? date : today, origin, destination, categories, subjects,
                    entity, recipient, transaction, purpose, bases);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw source.error(start, Snippets.clip(String.valueOf(e.getMessage()), 200));
        }
    }

    private Action action(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Action.TRANSFER;
        }
        if (t == JsonToken.VALUE_STRING) {
            for (Action a : ACTIONS) {
                if (a.code().equals(p.getText())) {
                    return a;
                }
            }
        }
        throw mustBe("\"action\"", "\"transfer\", \"store\" or \"access\"");
    }

    private List<String> categories(JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw mustBe("\"categories\"", "a non-empty array of strings");
        }
        long start = here();
        List<String> names = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            recordEntry("categories", names.size());
            names.add(name(p.currentToken(), "entries of \"categories\"", false));
        }
        if (names.isEmpty()) {
            throw source.error(start, "\"categories\" must not be empty");
        }
        return names;
    }

    private Subjects subjects(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Subjects.NONE;
        }
        if (t != JsonToken.START_OBJECT) {
            throw mustBe("\"subjects\"", "an object");
        }
        long start = here();
        List<String> residence = List.of();
        List<String> citizenship = List.of();
        Long count = null;
        List<String> ids = List.of();
        int enclosing = seen;
        seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            switch (key) {
                case "residence" -> residence = codes(value(once(0, "subjects.residence")), "residence");
                case "citizenship" -> citizenship = codes(value(once(1, "subjects.citizenship")), "citizenship");
                case "count" -> count = count(value(once(2, "subjects.count")));
                case "ids" -> ids = ids(value(once(3, "subjects.ids")));
                default -> throw error(Snippets.unknownKey(key, SUBJECTS_KEYS));
            }
        }
        seen = enclosing;
        long n = count != null ? count : ids.stream().distinct().count();
        try {
            return new Subjects(residence, citizenship, n, ids);
        } catch (IllegalArgumentException e) {
            throw source.error(start, Snippets.clip(String.valueOf(e.getMessage()), 200));
        }
    }

    private List<String> codes(JsonToken t, String key) throws IOException {
        return codes(t, "subjects", key);
    }

    private List<String> codes(JsonToken t, String parent, String key) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw mustBe("\"" + key + "\"", "an array of " + CODES);
        }
        List<String> codes = new ArrayList<>();
        String entries = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (locations != null) {
                record(parent + "." + key + "[" + codes.size() + "]", here());
            }
            if (entries == null) {
                entries = "entries of \"" + key + "\"";
            }
            codes.add(code(p.currentToken(), entries, false));
        }
        return codes;
    }

    private Long count(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT && !p.getText().startsWith("-")) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() > Subjects.MAX_COUNT) {
                throw mustBe("\"count\"", "at most " + Subjects.MAX_COUNT + " (more people than live on Earth)");
            }
            return p.getLongValue();
        }
        // A number is echoed; anything else may be a value moved from elsewhere (an id), so only its kind is.
        throw t.isNumeric() ? mustBe("\"count\"", "a non-negative integer")
                : mustBeKind("\"count\"", "a non-negative integer");
    }

    /** Subject ids may be personal data: messages about them describe the kind of value, never the value. */
    private List<String> ids(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw mustBeKind("\"ids\"", "an array of strings");
        }
        List<String> ids = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
                throw mustBeKind("entries of \"ids\"", "non-empty strings");
            }
            ids.add(p.getText());
        }
        return ids;
    }

    private Map<String, Object> entity(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (t != JsonToken.START_OBJECT) {
            throw mustBe("\"entity\"", "an object");
        }
        Map<String, Object> attributes = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (attributes.containsKey(p.currentName())) {
                throw duplicateKey();
            }
            String key = CanonicalNames.of(printable(p.currentName(), "an entity attribute's name"));
            attributes.put(key, attribute(value(locations != null ? "entity." + key : null), key));
        }
        return attributes;
    }

    private Object attribute(JsonToken t, String key) throws IOException {
        switch (t) {
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return CanonicalNames.of(p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw mustBe(attributeName(key), "a 64-bit integer");
                }
                return p.getLongValue();
            default:
                throw mustBe(attributeName(key), "a boolean, an integer or a string");
        }
    }

    private static String attributeName(String key) {
        return "entity attribute " + Snippets.quote(key);
    }

    private Recipient recipient(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Recipient.UNKNOWN;
        }
        if (t != JsonToken.START_OBJECT) {
            throw mustBe("\"recipient\"", "an object");
        }
        String name = null;
        String kind = null;
        String jurisdiction = null;
        Boolean covered = null;
        int enclosing = seen;
        seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            switch (key) {
                case "name" -> name = partyName(value(once(0, "recipient.name")));
                case "kind" -> kind = name(value(once(1, "recipient.kind")), "\"kind\"", true);
                case "jurisdiction" -> jurisdiction = code(value(once(2, "recipient.jurisdiction")),
                        "\"jurisdiction\"", true);
                case "coveredPerson" -> covered = optionalBool(value(once(3, "recipient.coveredPerson")),
                        "\"coveredPerson\"");
                default -> throw error(Snippets.unknownKey(key, RECIPIENT_KEYS));
            }
        }
        seen = enclosing;
        return new Recipient(name, kind, jurisdiction, covered);
    }

    /** A name that keys counters: refused here, at its place, rather than by {@link Recipient} without one. */
    private String partyName(JsonToken t) throws IOException {
        String name = name(t, "\"name\"", true);
        if (name == null) {
            return null;
        }
        try {
            return PartyNames.normalise(name, "\"name\"");
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private List<LegalBasis> bases(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw mustBe("\"bases\"", "an array of basis names or {\"name\": ...} objects");
        }
        List<LegalBasis> bases = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = null;
            if (locations != null) {
                path = "bases[" + bases.size() + "]";
                record(path, here());
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                bases.add(basis(path));
            } else if (p.currentToken() == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                // (a blank name made LegalBasis throw IllegalArgumentException: found by fuzzing)
                bases.add(LegalBasis.of(CanonicalNames.of(printable(p.getText(), "entries of \"bases\""))));
            } else {
                throw mustBe("entries of \"bases\"", "basis names or {\"name\": ...} objects");
            }
        }
        return bases;
    }

    private LegalBasis basis(String path) throws IOException {
        long start = here();
        String name = null;
        LocalDate since = null;
        LocalDate until = null;
        List<String> jurisdictions = List.of();
        String recipient = null;
        int enclosing = seen;
        seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            switch (key) {
                case "name" -> name = name(value(path, once(0, "name")), "\"name\"", false);
                case "since" -> since = date(value(path, once(1, "since")), "\"since\"", true);
                case "until" -> until = date(value(path, once(2, "until")), "\"until\"", true);
                case "jurisdictions" -> jurisdictions = codes(value(path, once(3, "jurisdictions")), path,
                        "jurisdictions");
                case "recipient" -> recipient = partyName(value(path, once(4, "recipient")));
                default -> throw error(Snippets.unknownKey(key, BASIS_KEYS));
            }
        }
        seen = enclosing;
        requirePresent(name, "name", start);
        try {
            return new LegalBasis(name, since, until, java.util.Set.copyOf(jurisdictions), recipient);
        } catch (IllegalArgumentException e) {
            throw source.error(start, Snippets.clip(String.valueOf(e.getMessage()), 200));
        }
    }

    private String name(JsonToken t, String what, boolean optional) throws IOException {
        if (optional && t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
            throw mustBe(what, what.startsWith("entries") ? "non-empty strings" : NAME);
        }
        return CanonicalNames.of(printable(p.getText(), what));
    }

    /**
     * Refuses names that hold control or bidirectional formatting characters: they would reach terminals,
     * logs and reports as escape sequences or as text that reads other than it is stored.
     */
    private String printable(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069')) {
                throw error(what + " must not hold control or bidirectional formatting characters, found "
                        + String.format("U+%04X", (int) c));
            }
        }
        return s;
    }

    private String code(JsonToken t, String what, boolean optional) throws IOException {
        if (optional && t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (s.length() == 2 && isUpperAscii(s.charAt(0)) && isUpperAscii(s.charAt(1))) {
                return CanonicalNames.of(s);
            }
        }
        throw mustBe(what, what.startsWith("entries") ? CODES : CODE);
    }

    private LocalDate date(JsonToken t, String what, boolean optional) throws IOException {
        if (optional && t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING && isDateShape(p.getText())) {
            String d = p.getText();
            try {
                // The shape is checked: the digits are read directly, without a formatter's general parse.
                return LocalDate.of(digits(d, 0, 4), digits(d, 5, 7), digits(d, 8, 10));
            } catch (DateTimeException e) {
                // not a day of the calendar, such as 2026-02-30: reported below like any other bad date
            }
        }
        throw mustBe(what, "a date YYYY-MM-DD");
    }

    /** {@code true}, {@code false}, or {@code null} for a value left out. */
    private Boolean optionalBool(JsonToken t, String what) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw mustBe(what, "true or false");
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static boolean isDateShape(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /**
     * Refuses the current key when the object has had it before, at the key, as the parser's own check did; the
     * key is the {@code bit}-th of its object's keys.
     *
     * @return {@code path}, for {@link #value}
     */
    private String once(int bit, String path) throws IOException {
        if ((seen & (1 << bit)) != 0) {
            throw duplicateKey();
        }
        seen |= 1 << bit;
        return path;
    }

    private InvalidTransferException duplicateKey() throws IOException {
        return error("duplicate key " + Snippets.quote(p.currentName()));
    }

    /** Moves to the value of the current key and notes where it starts. */
    private JsonToken value(String path) throws IOException {
        JsonToken t = p.nextToken();
        if (locations != null) {
            record(path, here());
        }
        return t;
    }

    /** {@link #value(String)} for the key {@code key} of the object at {@code parent}. */
    private JsonToken value(String parent, String key) throws IOException {
        return value(locations != null ? parent + "." + key : null);
    }

    private void requirePresent(Object value, String key, long objectStart) {
        if (value == null) {
            throw source.error(objectStart, "missing required key \"" + key + "\"");
        }
    }

    private void record(String path, long offset) {
        if (locations != null) {
            locations.put(path, source.at(offset));
        }
    }

    /** Notes where the current value, entry {@code index} of the array at {@code array}, starts. */
    private void recordEntry(String array, int index) {
        if (locations != null) {
            record(array + "[" + index + "]", here());
        }
    }

    private long here() {
        return p.currentTokenLocation().getCharOffset();
    }

    private InvalidTransferException error(String message) {
        return source.error(here(), message);
    }

    private InvalidTransferException mustBe(String what, String expected) throws IOException {
        return error(what + " must be " + expected + ", was " + describe());
    }

    private InvalidTransferException mustBeKind(String what, String expected) throws IOException {
        return error(what + " must be " + expected + ", was " + kind());
    }

    /** The current value for a message: scalars shown (shortened), arrays and objects named. */
    private String describe() throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return Snippets.quote(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return Snippets.clip(p.getText(), Snippets.MAX_ECHO);
            default:
                return kind();
        }
    }

    /** The kind of the current value, without its content. */
    private String kind() throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return p.getTextLength() == 0 ? "an empty string" : "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            default:
                return "not a value";
        }
    }
}
