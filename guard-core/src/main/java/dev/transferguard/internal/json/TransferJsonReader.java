package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Transfer;
import dev.transferguard.internal.StrictUtf8;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads transfers from their JSON form: one object, or JSON Lines (one object per line).
 *
 * <p>Every problem is an {@link InvalidTransferException} whose message is one line,
 * {@code <source>:<line>:<column>: <what is wrong>}, pointing at the offending character. Messages
 * repeat at most {@value Snippets#MAX_ECHO} characters of a value and never a subject id.
 *
 * <p>Optional keys may be {@code null}, which means the same as leaving them out. Unknown keys,
 * duplicate keys and anything after the object are errors.
 */
public final class TransferJsonReader {

    /** The deepest nesting accepted; a transfer needs 3 ({@code bases[0].name}). */
    public static final int MAX_NESTING_DEPTH = 16;
    /** The longest string value accepted, in characters. */
    public static final int MAX_STRING_LENGTH = 10_000;
    /** The longest key accepted, in characters. */
    public static final int MAX_KEY_LENGTH = 1_000;
    /** The longest number accepted, in characters; a long has at most 20. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final String DEFAULT_SOURCE = "<json>";

    /** Immutable once built; shared because building one is costly and parsers are cheap. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_KEY_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            // Duplicate keys are refused by TransferParser, which knows each object's keys: cheaper than a set of
            // names per object.
            // entity keys are arbitrary input: keep them out of the JVM's string pool
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private TransferJsonReader() {
    }

    /**
     * Reads one transfer object.
     *
     * @param json       the JSON text: one object, optionally surrounded by whitespace
     * @param sourceName the name to put in front of error messages, e.g. the file name
     * @return the transfer; {@code date} defaults to today (UTC), {@code action} to {@code transfer}
     * @throws InvalidTransferException if the text is not a valid transfer
     */
    public static Transfer read(String json, String sourceName) {
        return parse(json, sourceName, false).transfer();
    }

    /**
     * Reads one transfer object and where each of its values is written.
     *
     * @param json       the JSON text: one object, optionally surrounded by whitespace
     * @param sourceName the name to put in front of error messages and locations
     * @return the transfer with the locations of its values
     * @throws InvalidTransferException if the text is not a valid transfer
     */
    public static ParsedTransfer parse(String json, String sourceName) {
        return parse(json, sourceName, true);
    }

    /**
     * Reads JSON Lines: one transfer object per line; blank lines are skipped.
     *
     * @param text       the JSON Lines text
     * @param sourceName the name to put in front of error messages
     * @return the transfers in order
     * @throws InvalidTransferException for the first line that is not a valid transfer, with that line's
     *                                  number in the file
     */
    public static List<Transfer> readLines(String text, String sourceName) {
        return lines(text, sourceName, false).stream().map(ParsedTransfer::transfer).toList();
    }

    /**
     * Reads JSON Lines, keeping where each value is written; locations carry the line numbers of the file.
     *
     * @param text       the JSON Lines text
     * @param sourceName the name to put in front of error messages and locations
     * @return the transfers in order, with their locations
     * @throws InvalidTransferException for the first line that is not a valid transfer
     */
    public static List<ParsedTransfer> parseLines(String text, String sourceName) {
        return lines(text, sourceName, true);
    }

    /**
     * Reads a file that holds either one transfer object (possibly spread over many lines) or JSON Lines.
     * It is JSON Lines when its first non-blank line is a whole object on its own, <code>{...}</code>.
     *
     * @param text       the text
     * @param sourceName the name to put in front of error messages and locations
     * @return the transfers in order, with their locations
     * @throws InvalidTransferException if the text holds no transfer or an invalid one
     */
    public static List<ParsedTransfer> parseAll(String text, String sourceName) {
        return all(text, sourceName, (source, today) -> TransferParser.parse(FACTORY, source, today, true));
    }

    /**
     * Reads a file as {@link #parseAll(String, String)} does, with the same transfers and the same errors, but
     * without noting where each value is: that is read again from a transfer's text when first asked for.
     *
     * @param text       the text
     * @param sourceName the name to put in front of error messages and locations
     * @return the transfers in order
     * @throws InvalidTransferException if the text holds no transfer or an invalid one
     */
    public static List<LazyParsedTransfer> parseAllLazily(String text, String sourceName) {
        return all(text, sourceName, (source, today) -> TransferParser.parseLazily(FACTORY, source, today));
    }

    private static <T> List<T> all(String text, String sourceName, Reading<T> reading) {
        String body = withoutBom(Objects.requireNonNull(text, "text"));
        int start = new SourceText("", body, 1).nextNonSpace(0);
        if (start >= 0) {
            int end = start;
            while (end < body.length() && body.charAt(end) != '\n' && body.charAt(end) != '\r') {
                end++;
            }
            if (isWholeObject(body.substring(start, end))) {
                return lines(body, sourceName, reading);
            }
        }
        // a second mark is dropped too, as parse(String, String) always has: the same inputs stay accepted
        return List.of(reading.read(new SourceText(name(sourceName), withoutBom(body), 1), today()));
    }

    /**
     * Whether a line holds a whole object on its own, <code>{...}</code>: the test that tells JSON Lines
     * from one object spread over many lines.
     *
     * @param line one line, without its line break
     * @return true when the line, stripped of whitespace, starts with an opening and ends with a closing brace
     */
    public static boolean isWholeObject(String line) {
        String s = withoutBom(line).strip();
        return s.startsWith("{") && s.endsWith("}");
    }

    /**
     * Reads one line of JSON Lines, keeping where each value is written.
     *
     * @param content    the line, without its line break
     * @param sourceName the name to put in front of error messages and locations
     * @param line       the line's number in its file, from 1
     * @return the transfer with its locations
     * @throws InvalidTransferException if the line is not a valid transfer
     */
    public static ParsedTransfer parseLine(String content, String sourceName, int line) {
        return TransferParser.parse(FACTORY, new SourceText(name(sourceName), withoutBom(content), line), today(),
                true);
    }

    /**
     * Reads one line of JSON Lines as {@link #parseLine(String, String, int)} does, with the same transfer and
     * the same errors, but without noting where each value is until one is asked for.
     *
     * @param content    the line, without its line break
     * @param sourceName the name to put in front of error messages and locations
     * @param line       the line's number in its file, from 1
     * @return the transfer
     * @throws InvalidTransferException if the line is not a valid transfer
     */
    public static LazyParsedTransfer parseLineLazily(String content, String sourceName, int line) {
        return TransferParser.parseLazily(FACTORY, new SourceText(name(sourceName), withoutBom(content), line),
                today());
    }

    /** Reads again, with places, a text that was read lazily: same source, same day for a missing date. */
    static ParsedTransfer parsePlaced(SourceText source, LocalDate today) {
        return TransferParser.parse(FACTORY, source, today, true);
    }

    /**
     * Whether a line holds only JSON whitespace, so that JSON Lines readers skip it.
     *
     * @param line one line
     * @return true when blank
     */
    public static boolean isBlankLine(String line) {
        return isBlank(withoutBom(line));
    }

    /**
     * Decodes UTF-8 strictly, so that a byte sequence that is not UTF-8 is an error with its place
     * rather than a silent replacement character.
     *
     * @param bytes      the bytes read from a file or stream
     * @param sourceName the name to put in front of error messages
     * @return the text
     * @throws InvalidTransferException at the first byte that is not valid UTF-8
     */
    public static String utf8(byte[] bytes, String sourceName) {
        return utf8(bytes, sourceName, 1);
    }

    /**
     * Decodes UTF-8 strictly, as {@link #utf8(byte[], String)}, for bytes that start on a given line of their
     * file (JSON Lines read one line at a time).
     *
     * @param bytes      the bytes of one line or more
     * @param sourceName the name to put in front of error messages
     * @param firstLine  the line of the file on which the bytes start, from 1
     * @return the text
     * @throws InvalidTransferException at the first byte that is not valid UTF-8
     */
    public static String utf8(byte[] bytes, String sourceName, int firstLine) {
        StrictUtf8.Decoded decoded = StrictUtf8.decode(bytes);
        if (!decoded.valid()) {
            String text = decoded.text();
            throw new SourceText(name(sourceName), text, firstLine).error(text.length(),
                    String.format("invalid UTF-8: byte 0x%02X", bytes[decoded.badByte()] & 0xff));
        }
        return decoded.text();
    }

    private static ParsedTransfer parse(String json, String sourceName, boolean track) {
        String text = withoutBom(Objects.requireNonNull(json, "json"));
        return TransferParser.parse(FACTORY, new SourceText(name(sourceName), text, 1), today(), track);
    }

    private static List<ParsedTransfer> lines(String text, String sourceName, boolean track) {
        return lines(text, sourceName, (source, today) -> TransferParser.parse(FACTORY, source, today, track));
    }

    /** How one transfer is read from its text: with every place, with the object's only, or lazily. */
    private interface Reading<T> {
        T read(SourceText source, LocalDate today);
    }

    private static <T> List<T> lines(String text, String sourceName, Reading<T> reading) {
        String body = withoutBom(Objects.requireNonNull(text, "text"));
        String name = name(sourceName);
        LocalDate today = today();
        List<T> out = new ArrayList<>();
        int line = 1;
        int start = 0;
        // Line ends are found with indexOf, which the JVM scans far faster than a loop over charAt. The next place
        // of each of '\n' and '\r' is searched again only once passed: a file that holds only one of them (or
        // neither) is still scanned once, not once per line.
        int nextLf = body.indexOf('\n');
        int nextCr = body.indexOf('\r');
        while (start <= body.length()) {
            if (nextLf >= 0 && nextLf < start) {
                nextLf = body.indexOf('\n', start);
            }
            if (nextCr >= 0 && nextCr < start) {
                nextCr = body.indexOf('\r', start);
            }
            int end = body.length();
            if (nextLf >= 0) {
                end = nextLf;
            }
            if (nextCr >= 0 && nextCr < end) {
                end = nextCr;
            }
            String content = body.substring(start, end);
            if (!isBlank(content)) {
                out.add(reading.read(new SourceText(name, content, line), today));
            }
            if (end == body.length()) {
                break;
            }
            start = end + (body.charAt(end) == '\r' && end + 1 < body.length() && body.charAt(end + 1) == '\n' ? 2 : 1);
            line++;
        }
        return out;
    }

    private static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!SourceText.isJsonSpace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String name(String sourceName) {
        return sourceName != null ? sourceName : DEFAULT_SOURCE;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
