package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Action;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Valid transfers survive a write and a read unchanged; damaged JSON only ever gives a transfer or an
 * {@link InvalidTransferException} with a one-line message, whatever the damage.
 */
class TransferJsonPropertyTest {

    private static final Pattern ONE_LINE = Pattern.compile("t\\.json:[1-9]\\d*:[1-9]\\d*: [^\\r\\n\\u2028\\u2029]+");
    private static final String ID_MARK = "subject-id-";
    /** Characters that matter to JSON and to its reader, to make damage likely to land on a boundary. */
    private static final String SHARP = "{}[]\":,\\/'\u0000\u001f\n\r\t 0-1.eE+truefalsnul\uFEFF\u2028\uD800\u00e9";

    // ---- round trip

    @Property
    void writingThenReadingGivesAnEqualTransfer(@ForAll("transfers") Transfer t) {
        String json = JsonOut.transfer(t);
        Transfer back = TransferJsonReader.read(json, "t.json");
        assertEquals(t, back);
        assertEquals(json, JsonOut.transfer(back));
    }

    @Property(tries = 200)
    void jsonLinesOfWrittenTransfersReadBackInOrder(@ForAll @Size(min = 1, max = 6) List<@From("transfers") Transfer> ts) {
        StringBuilder text = new StringBuilder();
        for (Transfer t : ts) {
            text.append(JsonOut.transfer(t)).append('\n');
        }
        assertEquals(ts, TransferJsonReader.readLines(text.toString(), "t.jsonl"));
    }

    @Property
    void encodedSizeBoundsTheBytesWrittenForATransfer(@ForAll("transfers") Transfer t) {
        // What lets the audit log hand a record to its writer unencoded: it must fit, so the bound must hold.
        long written = JsonOut.transfer(t).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(EncodedSize.transfer(t) >= written, EncodedSize.transfer(t) + " < " + written);
    }

    // ---- damage

    @Property(tries = 3000)
    void damagedTextGivesATransferOrOneLineError(@ForAll("transfers") Transfer t,
            @ForAll @Size(min = 1, max = 4) List<@From("edits") Edit> edits) {
        String json = JsonOut.transfer(t);
        for (Edit e : edits) {
            json = e.apply(json);
        }
        readsOrFailsInOneLine(json, t);
    }

    @Property(tries = 2000)
    void damagedBytesGiveATransferOrOneLineError(@ForAll("transfers") Transfer t,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> positions,
            @ForAll @Size(min = 4, max = 4) List<@IntRange(min = 0, max = 255) Integer> values) {
        byte[] bytes = JsonOut.transfer(t).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < positions.size(); i++) {
            bytes[positions.get(i) % bytes.length] = (byte) (int) values.get(i);
        }
        try {
            readsOrFailsInOneLine(TransferJsonReader.utf8(bytes, "t.json"), t);
        } catch (InvalidTransferException e) {
            assertOneLine(e.getMessage(), t);
        }
    }

    @Property(tries = 1000)
    void everyTruncationGivesATransferOrOneLineError(@ForAll("transfers") Transfer t,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        String json = JsonOut.transfer(t);
        readsOrFailsInOneLine(json.substring(0, cut % (json.length() + 1)), t);
    }

    @Property(tries = 300)
    void aBadLineOfJsonLinesIsReportedWithItsLineNumber(
            @ForAll @Size(min = 1, max = 8) List<@From("transfers") Transfer> ts,
            @ForAll @IntRange(min = 0, max = 7) int bad, @ForAll @IntRange(min = 0, max = 3) int blanks,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        int badIndex = bad % ts.size();
        StringBuilder text = new StringBuilder();
        int line = 0;
        int badLine = 0;
        for (int i = 0; i < ts.size(); i++) {
            text.append("\n".repeat(blanks));
            line += blanks;
            String json = JsonOut.transfer(ts.get(i));
            if (i == badIndex) {
                // cut off before the closing brace, so the line can never be a whole object
                json = json.substring(0, cut % (json.length() - 1));
                badLine = line + 1;
            }
            text.append(json).append(i % 2 == 0 ? "\n" : "\r\n");
            line++;
        }
        String input = text.toString();
        if (lineOf(input, badLine).isBlank()) {
            // a line cut to nothing is blank, and blank lines are skipped
            assertEquals(ts.size() - 1, TransferJsonReader.readLines(input, "t.jsonl").size());
            return;
        }
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.readLines(input, "t.jsonl"));
        assertTrue(e.getMessage().startsWith("t.jsonl:" + badLine + ":"), e.getMessage());
    }

    // ---- reading without places agrees with reading with them

    @Property(tries = 3000)
    void aLineReadLazilyIsTheLineReadWithPlaces(@ForAll("transfers") Transfer t,
            @ForAll @Size(max = 3) List<@From("edits") Edit> edits, @ForAll @IntRange(min = 1, max = 99) int line) {
        String json = JsonOut.transfer(t);
        for (Edit e : edits) {
            json = e.apply(json);
        }
        String text = json;
        agree(() -> List.of(TransferJsonReader.parseLine(text, "t.jsonl", line)),
                () -> List.of(TransferJsonReader.parseLineLazily(text, "t.jsonl", line)), text);
    }

    @Property(tries = 1000)
    void aFileReadLazilyIsTheFileReadWithPlaces(
            @ForAll @Size(min = 1, max = 5) List<@From("transfers") Transfer> ts,
            @ForAll @Size(max = 2) List<@From("edits") Edit> edits,
            @ForAll @IntRange(min = 0, max = 4) int blanks, @ForAll boolean pretty) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < ts.size(); i++) {
            lines.append("\n".repeat(blanks % (i + 1))).append(JsonOut.transfer(ts.get(i)))
                    .append(i % 2 == 0 ? "\n" : "\r\n");
        }
        // one object over many lines, or JSON Lines; then damage anywhere
        String json = pretty ? JsonOut.transfer(ts.get(0)).replace(",", ",\n  ") : lines.toString();
        for (Edit e : edits) {
            json = e.apply(json);
        }
        String text = json;
        agree(() -> TransferJsonReader.parseAll(text, "t.jsonl"),
                () -> TransferJsonReader.parseAllLazily(text, "t.jsonl"), text);
    }

    @Property(tries = 300)
    void jsonLinesAreSplitAtEveryKindOfLineEnd(@ForAll @Size(min = 1, max = 8) List<@From("transfers") Transfer> ts,
            @ForAll @Size(min = 16, max = 16) List<@IntRange(min = 0, max = 4) Integer> ends) {
        // "\r" then "\n" is one line end, as in the reader: blank lines and every kind of end, mixed
        List<String> endings = List.of("\n", "\r\n", "\r", "\n  \n", "\r\r\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ts.size(); i++) {
            text.append(JsonOut.transfer(ts.get(i))).append(endings.get(ends.get(i)));
        }
        String input = text.toString();
        String[] lines = input.split("\r\n|\r|\n", -1);
        List<Integer> expectedLines = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                expectedLines.add(i + 1);
            }
        }
        List<LazyParsedTransfer> read = TransferJsonReader.parseAllLazily(input, "t.jsonl");
        assertEquals(ts, read.stream().map(LazyParsedTransfer::transfer).toList());
        assertEquals(expectedLines, read.stream().map(r -> r.location().line()).toList());
    }

    /**
     * Both readers accept the text or both refuse it with the same message; when they accept, they give the
     * same transfers, the same places of the objects, and the same places of every value once asked for.
     */
    private static void agree(java.util.function.Supplier<List<ParsedTransfer>> placed,
            java.util.function.Supplier<List<LazyParsedTransfer>> lazy, String text) {
        List<ParsedTransfer> expected;
        try {
            expected = placed.get();
        } catch (InvalidTransferException e) {
            InvalidTransferException refused = assertThrows(InvalidTransferException.class, lazy::get, text);
            assertEquals(e.getMessage(), refused.getMessage(), text);
            assertEquals(e.field(), refused.field(), text);
            return;
        }
        List<LazyParsedTransfer> read = lazy.get();
        assertEquals(expected.size(), read.size(), text);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).transfer(), read.get(i).transfer(), text);
            assertEquals(expected.get(i).location(), read.get(i).location(), text);
            assertEquals(expected.get(i), read.get(i).placed(), text);
        }
    }

    @Example
    void deepNestingIsAnErrorAtItsFirstBracket() {
        String deep = "[".repeat(100_000);
        String deepObjects = "{\"a\":".repeat(50_000);
        String head = "{\"origin\":\"CN\",\"destination\":\"SG\",\"categories\":[\"personal\"]";
        List<String> inputs = List.of(
                deep,
                deepObjects,
                "{\"origin\":" + deep,
                "{\"categories\":" + deep,
                head + ",\"subjects\":{\"residence\":" + deep,
                head + ",\"subjects\":{\"ids\":" + deep,
                head + ",\"subjects\":{\"count\":" + deep,
                head + ",\"entity\":{\"x\":" + deep,
                head + ",\"entity\":" + deepObjects,
                head + ",\"recipient\":" + deepObjects,
                head + ",\"bases\":" + deep,
                head + ",\"bases\":[{\"name\":" + deep,
                head + ",\"bases\":[{\"since\":" + deepObjects);
        for (String input : inputs) {
            InvalidTransferException e = assertThrows(InvalidTransferException.class,
                    () -> TransferJsonReader.read(input, "t.json"));
            assertTrue(ONE_LINE.matcher(e.getMessage()).matches(), e.getMessage());
            assertThrows(InvalidTransferException.class, () -> TransferJsonReader.readLines(input, "t.json"));
        }
    }

    private static String lineOf(String text, int line) {
        return text.split("\r?\n", -1)[line - 1];
    }

    private static void readsOrFailsInOneLine(String json, Transfer original) {
        try {
            // parse rather than read: it also walks the code that records locations
            TransferJsonReader.parse(json, "t.json");
        } catch (InvalidTransferException e) {
            assertOneLine(e.getMessage(), original);
        }
    }

    private static void assertOneLine(String message, Transfer original) {
        assertTrue(ONE_LINE.matcher(message).matches(), message);
        assertTrue(message.length() < 400, message);
        for (String id : original.subjects().ids()) {
            assertFalse(message.contains(id), message);
        }
    }

    /** One change to a text: replace, insert or delete a character, or repeat a stretch of it. */
    record Edit(int kind, int at, char c, int length) {
        String apply(String s) {
            int i = at % (s.length() + 1);
            int end = Math.min(s.length(), i + length);
            return switch (kind) {
                case 0 -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
                case 1 -> s.substring(0, i) + c + s.substring(i);
                case 2 -> s.substring(0, i) + s.substring(end);
                default -> s.substring(0, end) + s.substring(i, end) + s.substring(end);
            };
        }
    }

    @Provide
    Arbitrary<Edit> edits() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(SHARP.chars().mapToObj(c -> (char) c).toList())),
                Tuple.of(1, Arbitraries.chars()));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().greaterOrEqual(0),
                chars, Arbitraries.integers().between(1, 12)).as(Edit::new);
    }

    // ---- valid transfers

    @Provide
    Arbitrary<Transfer> transfers() {
        Arbitrary<Transfer.Builder> head = Combinators.combine(
                Arbitraries.of(Action.class), dates(), codes(), codes(),
                names().list().ofMinSize(1).ofMaxSize(4), subjects(), entities(), recipients())
                .as((action, date, origin, destination, categories, subjects, entity, recipient) -> {
                    Transfer.Builder b = Transfer.builder().action(action).date(date).origin(origin)
                            .destination(destination).categories(categories.toArray(String[]::new))
                            .subjects(subjects).recipient(recipient);
                    entity.forEach(b::entity);
                    return b;
                });
        return Combinators.combine(head, names().injectNull(0.4), names().injectNull(0.4),
                bases().list().ofMaxSize(4))
                .as((b, transaction, purpose, bases) -> {
                    b.transaction(transaction).purpose(purpose);
                    bases.forEach(b::basis);
                    return b.build();
                });
    }

    private static Arbitrary<String> codes() {
        return Arbitraries.strings().withCharRange('A', 'Z').ofLength(2);
    }

    private static Arbitrary<LocalDate> dates() {
        long first = LocalDate.of(0, 1, 1).toEpochDay();
        long last = LocalDate.of(9999, 12, 31).toEpochDay();
        return Arbitraries.longs().between(first, last).map(LocalDate::ofEpochDay);
    }

    /** Mostly vocabulary-like names, sometimes any characters at all, which the writer must escape. */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars(".-").ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)
                        .filter(TransferJsonPropertyTest::printable));
    }

    /** Names (not values) hold no control or bidirectional formatting characters: the reader refuses them. */
    static boolean printable(String s) {
        return s.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069));
    }

    private static Arbitrary<Subjects> subjects() {
        Arbitrary<List<String>> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
                .map(s -> ID_MARK + s).list().ofMaxSize(5);
        return Combinators.combine(codes().list().ofMaxSize(3), codes().list().ofMaxSize(3), ids,
                        Arbitraries.longs().between(0, Subjects.MAX_COUNT - 5))
                .as((residence, citizenship, idList, extra) -> new Subjects(residence, citizenship,
                        idList.stream().distinct().count() + extra, idList));
    }

    private static Arbitrary<Map<String, Object>> entities() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.of(true, false),
                Arbitraries.longs(), Arbitraries.strings().all().ofMaxLength(12));
        return Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(10).filter(TransferJsonPropertyTest::printable),
                values).ofMaxSize(4);
    }

    private static Arbitrary<Recipient> recipients() {
        return Combinators.combine(partyNames().injectNull(0.3), names().injectNull(0.3), codes().injectNull(0.5),
                Arbitraries.of(true, false)).as(Recipient::new);
    }

    /**
     * Counterparty names as a Recipient keeps them (lower case, single spaces; see PartyNames): in any other form,
     * what is read back is the normal form, not the name written.
     */
    private static Arbitrary<String> partyNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars(".-").ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().withCharRange('\u0430', '\u044f').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u4e00', '\u4e20').ofMinLength(1).ofMaxLength(6));
    }

    private static Arbitrary<LegalBasis> bases() {
        return Combinators.combine(names().filter(n -> !n.isBlank()), dates().injectNull(0.5), Arbitraries.integers().between(-1, 4000))
                .as((name, since, days) -> new LegalBasis(name, since,
                        days < 0 || since == null || since.plusDays(days).getYear() > 9999 ? null : since.plusDays(days)));
    }
}
