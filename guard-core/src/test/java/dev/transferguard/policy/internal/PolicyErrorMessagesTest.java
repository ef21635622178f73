package dev.transferguard.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a policy author reads for each kind of mistake: one error per mistake, at the right line and column,
 * with a message and hint that say what is wrong and how to mend it. The first tests compare the whole
 * formatted text, caret line included.
 */
class PolicyErrorMessagesTest {

    static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            basis separate-consent
            basis pipia
            basis cac-standard-contract
            basis pi-certification
            recipient-kind commercial
            recipient-kind foreign-judicial
            obligation record-keeping
            attribute entity.staff number
            attribute entity.ciio boolean
            group EU = [DE, FR, IT]
            group EEA = [EU, NO, IS, LI]
            """;

    /** Lines 1-7 of cn/pipl.guard; a rule added after it starts on line 8. */
    static final String HEAD = """
            policy cn.pipl "China"
              version 2024-03-22
              applies when origin in CN and destination not in CN
              default allow

            counter exported_personal = distinct subjects of personal per calendar-year

            """;

    /** The single error reported for the files. */
    static Diagnostic error(Map<String, String> files) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyBundle.of(files));
        List<Diagnostic> all = e.diagnostics();
        assertEquals(1, all.size(), () -> "expected exactly one error, got:\n" + e.getMessage());
        return all.get(0);
    }

    /** The single error for a pack file {@code cn/pipl.guard} beside the vocabulary. */
    static Diagnostic error(String pack) {
        return error(Map.of("vocabulary.guard", VOCABULARY, "cn/pipl.guard", pack));
    }

    /** The single error for the vocabulary with {@code more} appended (from line 16), beside the head. */
    static Diagnostic vocabularyError(String more) {
        return error(Map.of("vocabulary.guard", VOCABULARY + more, "cn/pipl.guard", HEAD));
    }

    static String rule(String body) {
        return HEAD + "rule r\n" + body;
    }

    static void assertAt(Diagnostic d, String file, int line, int column, String message) {
        assertEquals(file + ":" + line + ":" + column + ": " + message, d.location() + ": " + d.message(), d::format);
    }

    static String lines(String... lines) {
        return String.join("\n", lines);
    }

    static Map<String, String> files(String... nameAndText) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            files.put(nameAndText[i], nameAndText[i + 1]);
        }
        return files;
    }

    // ---- the whole formatted text ----

    @Test
    void secondWhen() {
        Diagnostic d = error(rule("  deny when basis pipia\n  when origin in CN\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:10:3: error: rule 'r' has a second 'when'",
                " 10 |   when origin in CN",
                "    |   ^^^^",
                "    = join the conditions into one with 'and' or 'or'"), d.format());
    }

    @Test
    void missingCommaInAList() {
        Diagnostic d = error(rule("  deny when destination in [US DE]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:32: error: expected ',' or ']' in the list of values, found 'DE'",
                " 9 |   deny when destination in [US DE]",
                "   |                                ^^",
                "   = separate the items with ','"), d.format());
    }

    @Test
    void quantifierOnASingleValuedField() {
        Diagnostic d = error(rule("  deny when any destination in [US]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:17: error: 'destination' has a single value, so 'any' does not apply",
                " 9 |   deny when any destination in [US]",
                "   |                 ^^^^^^^^^^^",
                "   = write 'destination in [...]'"), d.format());
    }

    @Test
    void quantifierOnAnUnknownField() {
        Diagnostic d = error(rule("  deny when every categories in [personal]\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 19,
                "unknown field 'categories' after 'every': expected 'category', 'residence' or 'citizenship'");
        assertEquals("did you mean 'category'?", d.hint());
    }

    @Test
    void unexpectedCharacter() {
        Diagnostic d = error(rule("  deny when basis pipia;\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:24: error: unexpected character ';'",
                " 9 |   deny when basis pipia;",
                "   |                        ^"), d.format());
    }

    @Test
    void unexpectedCharacterOutsideTheBasicPlaneIsOneError() {
        Diagnostic d = error(rule("  deny when basis pipia \uD83D\uDE00\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:25: error: unexpected character '\uD83D\uDE00' (U+1F600)",
                " 9 |   deny when basis pipia \uD83D\uDE00",
                "   |                         ^^"), d.format());
    }

    @Test
    void invisibleCharactersAreNamed() {
        assertAt(error(rule("  deny when\u00A0basis pipia\n  because \"x\"\n")), "cn/pipl.guard", 9, 12,
                "unexpected character U+00A0 (no-break space)");
        assertAt(error(rule("  deny when basis pipia\u200B\n  because \"x\"\n")), "cn/pipl.guard", 9, 24,
                "unexpected character U+200B (zero width space)");
        assertAt(error(rule("  deny when basis pipia\u0000\n  because \"x\"\n")), "cn/pipl.guard", 9, 24,
                "unexpected character U+0000 (null)");
        assertAt(error(Map.of("a.guard", "basis \uD800x\n")), "a.guard", 1, 7,
                "unexpected character U+D800 (half of a surrogate pair)");
    }

    @Test
    void curlyQuotesAreOneErrorWithAHint() {
        Diagnostic d = error(rule("  require pipia\n  because \u201CPIPL Art. 55\u201D\n"));
        assertAt(d, "cn/pipl.guard", 10, 11, "unexpected character '\u201C' (U+201C)");
        assertEquals("write strings between straight double quotes: \"...\"", d.hint());
    }

    @Test
    void unknownJurisdictionCodeSuggestsTheIsoSpellingOfACommonAlias() {
        Diagnostic d = error(rule("  deny when destination in [US, UK]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:33: error: unknown jurisdiction or group 'UK'",
                " 9 |   deny when destination in [US, UK]",
                "   |                                 ^^",
                "   = did you mean 'GB'? ISO 3166-1 has no 'UK'"), d.format());
    }

    @Test
    void unknownJurisdictionCodeSuggestsNoRandomNeighbour() {
        Diagnostic d = error(rule("  deny when destination in [US, XZ]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:33: error: unknown jurisdiction or group 'XZ'",
                " 9 |   deny when destination in [US, XZ]",
                "   |                                 ^^",
                "   = jurisdictions are ISO 3166-1 alpha-2 codes such as CN, DE or US"), d.format());
    }

    @Test
    void lowerCaseJurisdictionCode() {
        Diagnostic d = error(rule("  deny when origin is cn\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 23, "unknown jurisdiction or group 'cn'");
        assertEquals("did you mean 'CN'?", d.hint());
    }

    @Test
    void unknownGroup() {
        Diagnostic d = error(rule("  deny when destination in EAA\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:28: error: unknown jurisdiction or group 'EAA'",
                " 9 |   deny when destination in EAA",
                "   |                            ^^^",
                "   = did you mean 'EEA'?"), d.format());
    }

    @Test
    void countInAScope() {
        Diagnostic d = error("policy cn.pipl \"China\"\n  applies when count(exported_personal) > 5\n  default allow\n\n"
                + "counter exported_personal = distinct subjects of personal per calendar-year\n");
        assertEquals(lines(
                "cn/pipl.guard:2:16: error: count(...) can only be used in rules, not in a scope or a counter's filter",
                " 2 |   applies when count(exported_personal) > 5",
                "   |                ^^^^^^^^^^^^^^^^^^^^^^^^"), d.format());
    }

    @Test
    void countInACountersFilter() {
        Diagnostic d = error("policy cn.pipl \"China\"\n  default allow\n\n"
                + "counter a = distinct subjects where count(a) > 5 per calendar-year\n");
        assertEquals(lines(
                "cn/pipl.guard:4:37: error: count(...) can only be used in rules, not in a scope or a counter's filter",
                " 4 | counter a = distinct subjects where count(a) > 5 per calendar-year",
                "   |                                     ^^^^^^^^"), d.format());
    }
}
