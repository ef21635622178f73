package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.InvalidTransferException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact message, position included, for each kind of bad input. Inputs are written with backticks
 * for double quotes to keep them readable.
 */
class TransferJsonErrorMessagesTest {

    /** A valid start of a transfer, 67 characters: whatever follows starts at column 68. */
    private static final String HEAD = "{`origin`:`CN`,`destination`:`SG`,`categories`:[`personal.contact`]";

    static Stream<Arguments> cases() {
        return Stream.of(
                // the shape of the document
                bad("[]", "1:1: expected a JSON object"),
                bad("]", "1:1: invalid JSON: Unexpected close marker ']': no open Array to close"),
                bad("  12{}", "1:3: expected a JSON object"),
                bad("`CN`", "1:1: expected a JSON object"),
                bad("", "1:1: expected a JSON object, found end of input"),
                bad("\n  \n", "3:1: expected a JSON object, found end of input"),
                bad(HEAD + "} {}", "1:70: unexpected content after the JSON object"),
                bad(HEAD + "}\n\nx", "3:1: unexpected content after the JSON object"),
                bad("{`origin`:`CN`,`destination`:`SG`}", "1:1: missing required key \"categories\""),
                // syntax, reworded from the parser
                bad("{`origin`: `CN`,", "1:17: unexpected end of input: an object is not closed"),
                bad("{`origin`: `CN", "1:15: unexpected end of input: a string is not closed"),
                bad("{`origin` `CN`}", "1:11: unexpected character '\"', expected ':' after the key"),
                bad("{`origin`:`CN` `destination`:`SG`}", "1:16: unexpected character '\"', expected ',' or '}'"),
                bad("{`origin`:`CN`,}", "1:16: unexpected '}': a trailing comma is not allowed"),
                bad("{`categories`:[`a`,]}", "1:20: unexpected ']': a trailing comma is not allowed"),
                bad("{`categories`:[`a`}", "1:19: unexpected '}', expected ']'"),
                bad("{'origin':'CN'}", "1:2: unexpected character \"'\": strings and keys need double quotes"),
                bad("{/* origin */}", "1:2: unexpected character '/': comments are not allowed in JSON"),
                bad("{`origin`:CN}", "1:11: invalid value: strings need double quotes, and the only literals are true,"
                        + " false and null"),
                bad("{`origin`:`C\u0001`}", "1:13: control character U+0001 must be escaped in a string"),
                bad("{`origin`:\u0007`CN`}", "1:11: control character U+0007 is not allowed here: only space, tab and"
                        + " line breaks may separate values"),
                bad("{`origin`:`C\\x`}", "1:13: invalid escape sequence in a string"),
                bad("{`origin`:`\\u00G1`}", "1:16: invalid \\u escape in a string: expected four hex digits"),
                bad(HEAD + ",`subjects`:{`count`:007}}", "1:89: invalid number: leading zeros are not allowed"),
                bad(HEAD + ",`subjects`:{`count`:NaN}}", "1:89: invalid number: NaN and Infinity are not JSON numbers"),
                // keys
                bad("{`origin`:`CN`,`destinaton`:`SG`}", "1:16: unknown key \"destinaton\"; did you mean \"destination\"?"),
                bad(HEAD + ",`colour`:`red`}", "1:69: unknown key \"colour\"; known keys are action, date, origin,"
                        + " destination, categories, subjects, entity, recipient, transaction, purpose, bases"),
                bad(HEAD + ",`recipient`:{`coveredperson`:true}}",
                        "1:82: unknown key \"coveredperson\"; did you mean \"coveredPerson\"?"),
                bad(HEAD + ",`bases`:[{`name`:`pipia`,`sinse`:`2026-01-01`}]}",
                        "1:94: unknown key \"sinse\"; did you mean \"since\"?"),
                bad("{`origin`:`CN`,\n  `origin` : `DE`}", "2:3: duplicate key \"origin\""),
                bad(HEAD + ",`entity`:{`ciio`:true,`ciio`:false}}", "1:91: duplicate key \"ciio\""),
                bad(HEAD + ",`subjects`:{`count`:1,`count`:2}}", "1:91: duplicate key \"count\""),
                bad(HEAD + ",`recipient`:{`kind`:`a`,`kind`:`b`}}", "1:93: duplicate key \"kind\""),
                bad(HEAD + ",`bases`:[{`name`:`a`,`name`:`b`}]}", "1:90: duplicate key \"name\""),
                // the keys of an object read inside another are its own, and the outer object's are still known after
                bad(HEAD + ",`subjects`:{`count`:1},`origin`:`DE`}", "1:92: duplicate key \"origin\""),
                bad(HEAD + ",`bases`:[{`name`:`a`},{`name`:`b`}],`bases`:[]}", "1:105: duplicate key \"bases\""),
                // values
                bad("{\n  `origin`: `CN`, `destination`: `SG`, `categories`: [`personal.contact`],\n  `subjects`: {\n"
                        + "     `count`: -5}}", "4:15: \"count\" must be a non-negative integer, was -5"),
                bad(HEAD + ",`subjects`:{`count`:1.5}}", "1:89: \"count\" must be a non-negative integer, was 1.5"),
                bad(HEAD + ",`subjects`:{`count`:`c-1`}}", "1:89: \"count\" must be a non-negative integer, was a string"),
                bad(HEAD + ",`subjects`:{`count`:99999999999999999999}}",
                        "1:89: \"count\" must be at most 10000000000 (more people than live on Earth), was 99999999999999999999"),
                bad(HEAD + ",`subjects`:{`count`:9223372036854775807}}",
                        "1:89: \"count\" must be at most 10000000000 (more people than live on Earth), was 9223372036854775807"),
                bad(HEAD + ",`entity`:{`ciio`:123456789012345678901234567890123456789012345}}",
                        "1:86: entity attribute \"ciio\" must be a 64-bit integer, was 1234567890123456789012345678901234567890..."),
                bad(HEAD + ",`entity`:{`ciio`:1.5}}",
                        "1:86: entity attribute \"ciio\" must be a boolean, an integer or a string, was 1.5"),
                bad(HEAD + ",`date`:`01/03/2026`}", "1:76: \"date\" must be a date YYYY-MM-DD, was \"01/03/2026\""),
                bad(HEAD + ",`date`:`2026-02-30`}", "1:76: \"date\" must be a date YYYY-MM-DD, was \"2026-02-30\""),
                bad("{`origin`:`cn`}", "1:11: \"origin\" must be an ISO 3166-1 alpha-2 code (two upper-case letters),"
                        + " was \"cn\""),
                bad("{`origin`:`" + "x".repeat(100) + "`}", "1:11: \"origin\" must be an ISO 3166-1 alpha-2 code"
                        + " (two upper-case letters), was \"" + "x".repeat(40) + "...\""),
                bad(HEAD + ",`action`:`send`}", "1:78: \"action\" must be \"transfer\", \"store\" or \"access\", was \"send\""),
                bad("{`categories`:`personal`}", "1:15: \"categories\" must be a non-empty array of strings, was \"personal\""),
                bad("{`categories`:[]}", "1:15: \"categories\" must not be empty"),
                bad("{`categories`:[`personal`,42]}", "1:27: entries of \"categories\" must be non-empty strings, was 42"),
                bad(HEAD + ",`recipient`:{`coveredPerson`:`yes`}}", "1:98: \"coveredPerson\" must be true or false, was \"yes\""),
                bad(HEAD + ",`bases`:[null]}", "1:78: entries of \"bases\" must be basis names or {\"name\": ...} objects,"
                        + " was null"),
                bad(HEAD + ",`bases`:[{`since`:`2026-01-01`}]}", "1:78: missing required key \"name\""),
                // the value types' own checks, at the object they concern
                bad(HEAD + ",`bases`:[`pipia`,{`name`:`rkn-notified`,`since`:`2026-02-01`,`until`:`2026-01-01`}]}",
                        "1:86: legal basis 'rkn-notified' ends (2026-01-01) before it starts (2026-02-01)"),
                bad(HEAD + ",`subjects`:{`ids`:[`p1`,`p2`],`count`:1}}",
                        "1:80: subjects.count (1) is less than the number of distinct ids (2)"),
                // subject ids are never repeated
                bad(HEAD + ",`subjects`:{`ids`:[`alice@example.com`,42]}}",
                        "1:108: entries of \"ids\" must be non-empty strings, was a number"),
                bad(HEAD + ",`subjects`:{`ids`:`alice@example.com`}}", "1:87: \"ids\" must be an array of strings, was a string"),
                // limits
                bad(HEAD + ",`purpose`:`" + "p".repeat(10_001) + "`}", "1:79: string is longer than 10000 characters"),
                bad("{`" + "k".repeat(1_001) + "`:1}", "1:2: key is longer than 1000 characters"),
                bad(HEAD + ",`subjects`:{`count`:" + "9".repeat(101) + "}}", "1:89: number is longer than 100 characters"),
                bad("[".repeat(100_000), "1:1: expected a JSON object"),
                bad("{`categories`:[" + "[".repeat(100_000), "1:16: entries of \"categories\" must be non-empty strings,"
                        + " was an array"),
                bad("{`entity`:{`a`:" + "{".repeat(100_000), "1:16: entity attribute \"a\" must be a boolean, an integer"
                        + " or a string, was an object"));
    }

    private static Arguments bad(String json, String expected) {
        return Arguments.of(json.replace('`', '"'), "transfer.json:" + expected);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("cases")
    void reportsOneLineWithThePosition(String json, String expected) {
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.read(json, "transfer.json"));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void invalidUtf8IsReportedAtTheByte() {
        byte[] bytes = "{\n  \"origin\": \"C?\"}".getBytes(StandardCharsets.UTF_8);
        bytes[16] = (byte) 0xC3;
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.utf8(bytes, "transfer.json"));
        assertEquals("transfer.json:2:15: invalid UTF-8: byte 0xC3", e.getMessage());
    }

    @Test
    void aTruncatedUtf8SequenceAtTheEndIsReported() {
        byte[] bytes = {'{', '"', (byte) 0xE4, (byte) 0xB8};
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.utf8(bytes, "transfer.json"));
        assertEquals("transfer.json:1:3: invalid UTF-8: byte 0xE4", e.getMessage());
    }

    @Test
    void aBadLineOfJsonLinesIsReportedWithItsLineInTheFile() {
        String ok = HEAD.replace('`', '"') + "}";
        String text = ok + "\n\n" + ok + "\r\n" + "{\"origin\":\"CN\",\"destination\":\"sg\"}\n" + ok + "\n";
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.readLines(text, "batch.jsonl"));
        assertEquals("batch.jsonl:4:30: \"destination\" must be an ISO 3166-1 alpha-2 code (two upper-case letters),"
                + " was \"sg\"", e.getMessage());
    }

    @Test
    void messagesNeverRepeatSubjectIds() {
        String json = HEAD.replace('`', '"') + ",\"subjects\":{\"ids\":[\"alice@example.com\",\"alice@example.com\","
                + "\"bob@example.com\"],\"count\":1}}";
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferJsonReader.read(json, "transfer.json"));
        assertFalse(e.getMessage().contains("example.com"), e.getMessage());
    }
}
