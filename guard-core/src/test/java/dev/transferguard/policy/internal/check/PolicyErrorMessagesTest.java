package dev.transferguard.policy.internal.check;

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
        Diagnostic d = error("policy cn.pipl \"China\"\n  applies when count(exported_personal) > 5\n"
                + "  default allow\n\n"
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

    @Test
    void unknownCategoryWithSuggestion() {
        Diagnostic d = error(rule("  deny when any category in [personal.contct]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:30: error: unknown category 'personal.contct'",
                " 9 |   deny when any category in [personal.contct]",
                "   |                              ^^^^^^^^^^^^^^^",
                "   = did you mean 'personal.contact'?"), d.format());
    }

    @Test
    void unknownBasis() {
        Diagnostic d = error(rule("  require one of [cac-standard-contract, pi-certifcation]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:42: error: unknown legal basis 'pi-certifcation'",
                " 9 |   require one of [cac-standard-contract, pi-certifcation]",
                "   |                                          ^^^^^^^^^^^^^^^",
                "   = did you mean 'pi-certification'?"), d.format());
    }

    @Test
    void unknownField() {
        Diagnostic d = error(rule("  deny when destinaton not in [CN]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:13: error: unknown field 'destinaton'",
                " 9 |   deny when destinaton not in [CN]",
                "   |             ^^^^^^^^^^",
                "   = did you mean 'destination'?"), d.format());
    }

    @Test
    void unknownCounter() {
        Diagnostic d = error(rule("  require pipia when count(exported_personel) >= 100\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:28: error: unknown counter 'exported_personel'",
                " 9 |   require pipia when count(exported_personel) >= 100",
                "   |                            ^^^^^^^^^^^^^^^^^",
                "   = did you mean 'exported_personal'?"), d.format());
    }

    @Test
    void duplicateRuleId() {
        Diagnostic d = error(rule("  require pipia\n  because \"x\"\n\nrule r\n  deny\n  because \"y\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:12:6: error: rule 'r' is declared twice in policy 'cn.pipl'",
                " 12 | rule r",
                "    |      ^",
                "    = first declared at cn/pipl.guard:8"), d.format());
    }

    @Test
    void missingBecause() {
        Diagnostic d = error(rule("  require pipia\n\nrule s\n  deny when basis pipia\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:8:6: error: rule 'r' has no 'because'",
                " 8 | rule r",
                "   |      ^",
                "   = cite the article it enforces, e.g. because \"PIPL Art. 38\""), d.format());
    }

    @Test
    void missingDefault() {
        Diagnostic d = error("policy cn.pipl \"China\"\n  applies when origin in CN\n\nrule r\n  require pipia\n"
                + "  because \"x\"\n");
        assertEquals(lines(
                "cn/pipl.guard:1:8: error: policy 'cn.pipl' has no default",
                " 1 | policy cn.pipl \"China\"",
                "   |        ^^^^^^^",
                "   = add 'default allow' or 'default deny': the decision when the policy applies but no rule"
                        + " matches"), d.format());
    }

    @Test
    void unclosedString() {
        Diagnostic d = error(rule("  require pipia\n  because \"PIPL Art. 55\n"));
        assertEquals(lines(
                "cn/pipl.guard:10:11: error: string is not closed: add '\"' before the end of the line",
                " 10 |   because \"PIPL Art. 55",
                "    |           ^"), d.format());
    }

    @Test
    void wrongEffectKeyword() {
        Diagnostic d = error(rule("  denny when basis pipia\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:3: error: expected the rule's effect: 'deny', 'allow', 'require' or 'exempt from',"
                        + " found 'denny'",
                " 9 |   denny when basis pipia",
                "   |   ^^^^^",
                "   = did you mean 'deny'?"), d.format());
    }

    @Test
    void inOnANumberField() {
        Diagnostic d = error(rule("  deny when subjects.count in [many]\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:13: error: 'subjects.count' is not a field with named values, so 'in' and 'is'"
                        + " do not apply",
                " 9 |   deny when subjects.count in [many]",
                "   |             ^^^^^^^^^^^^^^",
                "   = compare it: subjects.count >= 100"), d.format());
    }

    @Test
    void groupCycle() {
        Diagnostic d = vocabularyError("group NORTH = [SOUTH, SE]\ngroup SOUTH = [NORTH]\n");
        assertEquals(lines(
                "vocabulary.guard:16:7: error: group 'NORTH' includes itself: NORTH -> SOUTH -> NORTH",
                " 16 | group NORTH = [SOUTH, SE]",
                "    |       ^^^^^"), d.format());
    }

    @Test
    void categoryWithoutDeclaredParent() {
        Diagnostic d = vocabularyError("category finance.cards \"cards\"\n");
        assertEquals(lines(
                "vocabulary.guard:16:10: error: category 'finance.cards' has no declared parent 'finance'",
                " 16 | category finance.cards \"cards\"",
                "    |          ^^^^^^^^^^^^^",
                "    = declare 'category finance' too: categories form a tree"), d.format());
    }

    @Test
    void ruleOutsideAPolicy() {
        Diagnostic d = error(files("vocabulary.guard", VOCABULARY,
                "cn/rules.guard", "rule r\n  deny\n  because \"x\"\n"));
        assertEquals(lines(
                "cn/rules.guard:1:1: error: rule 'r' is outside a policy",
                " 1 | rule r",
                "   | ^^^^",
                "   = start the file with 'policy <id> \"title\"'"), d.format());
    }

    // ---- place and message ----

    @Test
    void unknownObligation() {
        Diagnostic d = error(rule("  require pipia\n  oblige [record-keping]\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 10, 11, "unknown obligation 'record-keping'");
        assertEquals("did you mean 'record-keeping'?", d.hint());
    }

    @Test
    void unknownRecipientKind() {
        Diagnostic d = error(rule("  deny when recipient.kind in [foreign-judical]\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 32, "unknown recipient kind 'foreign-judical'");
        assertEquals("did you mean 'foreign-judicial'?", d.hint());
    }

    @Test
    void duplicateDeclaration() {
        Diagnostic d = vocabularyError("basis pipia \"again\"\n");
        assertAt(d, "vocabulary.guard", 16, 7, "legal basis 'pipia' is declared twice");
        assertEquals("first declared at vocabulary.guard:6", d.hint());
    }

    @Test
    void duplicatePolicy() {
        Diagnostic d = error(files("vocabulary.guard", VOCABULARY, "cn/pipl.guard", HEAD, "cn/again.guard", HEAD));
        assertAt(d, "cn/pipl.guard", 1, 8, "policy 'cn.pipl' is declared twice");
        assertEquals("first declared at cn/again.guard:1", d.hint());
    }

    @Test
    void twoPoliciesInOneFile() {
        Diagnostic d = error(HEAD + "policy other \"x\"\n  default allow\n");
        assertAt(d, "cn/pipl.guard", 8, 1, "a file holds one policy; 'cn.pipl' is already declared in this file");
        assertEquals("put each policy in a file of its own", d.hint());
    }

    @Test
    void exemptFromANonRequireRule() {
        Diagnostic d = error(rule("  deny when basis pipia\n  because \"x\"\n\n"
                + "rule s\n  exempt from r when basis pipia\n  because \"y\"\n"));
        assertAt(d, "cn/pipl.guard", 13, 15, "rule 'r' is not a 'require' rule, so there is nothing to exempt from");
        assertEquals("'exempt from' waives requirements; to allow, write an 'allow' rule", d.hint());
    }

    @Test
    void exemptFromAnUnknownRule() {
        Diagnostic d = error(rule("  require pipia\n  because \"x\"\n\nrule s\n  exempt from [q] when basis pipia\n"
                + "  because \"y\"\n"));
        assertAt(d, "cn/pipl.guard", 13, 16, "unknown rule in policy 'cn.pipl' 'q'");
    }

    @Test
    void nestingTooDeep() {
        Diagnostic d = error(rule("  deny when " + "(".repeat(70) + "basis pipia" + ")".repeat(70)
                + "\n  because \"x\"\n"));
        // the condition itself is the first level, so the 64th parenthesis or 'not' opens the 65th
        assertAt(d, "cn/pipl.guard", 9, 12 + 64, "condition is nested deeper than 64 levels");
        Diagnostic not = error(rule("  deny when " + "not ".repeat(70) + "basis pipia\n  because \"x\"\n"));
        assertAt(not, "cn/pipl.guard", 9, 12 + 63 * 4 + 1, "condition is nested deeper than 64 levels");
        assertEquals(3, not.length());
    }

    @Test
    void numberTooLarge() {
        Diagnostic d = error(rule("  require pipia when count(exported_personal) >= 99999999999999999999\n"
                + "  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 50, "number 99999999999999999999 is too large");
        assertEquals(20, d.length());
    }

    @Test
    void notAWholeNumber() {
        Diagnostic d = error(rule("  deny when subjects.count >= 10k\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 31,
                "'10k' is not a whole number (write digits, optionally grouped with '_', e.g. 100_000)");
    }

    @Test
    void badDate() {
        Diagnostic d = error(rule("  deny when date >= 2026-02-30\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 21, "'2026-02-30' is not a valid date (YYYY-MM-DD)");
    }

    @Test
    void dateComparedWithANumber() {
        Diagnostic d = error(rule("  deny when date >= 5\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 21, "compare 'date' with a date such as 2026-01-01, not '5'");
    }

    @Test
    void numberComparedWithADate() {
        Diagnostic d = error(rule("  deny when subjects.count >= 2026-01-01\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 31, "expected a number, found '2026-01-01'");
        assertEquals("only 'date' is compared with dates", d.hint());
    }

    @Test
    void numberFieldStandingAlone() {
        Diagnostic d = error(rule("  deny when entity.staff\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 13, "'entity.staff' is not a yes/no field, so it cannot stand alone");
        assertEquals("compare it: entity.staff >= 100", d.hint());
    }

    @Test
    void windowOutOfRange() {
        Diagnostic d = error("policy cn.pipl \"China\"\n  default allow\n\n"
                + "counter a = distinct subjects of personal per 0 days\n");
        assertAt(d, "cn/pipl.guard", 4, 47, "window length must be between 1 and 1200, was 0");
    }

    @Test
    void misspelledStatement() {
        Diagnostic d = error("polcy cn.pipl \"China\"\n  default allow\n");
        assertAt(d, "cn/pipl.guard", 1, 1,
                "expected a declaration, 'policy', 'counter', 'rule' or 'test', found 'polcy'");
        assertEquals("did you mean 'policy'?", d.hint());
    }

    @Test
    void misspelledDefault() {
        Diagnostic d = error("policy cn.pipl \"China\"\n  default alow\n");
        assertAt(d, "cn/pipl.guard", 2, 11, "expected 'allow' or 'deny', found 'alow'");
        assertEquals("did you mean 'allow'?", d.hint());
    }

    @Test
    void countWithoutParentheses() {
        Diagnostic d = error(rule("  require pipia when count exported_personal >= 5\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 28, "expected '(' after 'count', found 'exported_personal'");
    }

    @Test
    void becauseWithoutQuotes() {
        Diagnostic d = error(rule("  require pipia\n  because PIPL\n"));
        assertAt(d, "cn/pipl.guard", 10, 11, "expected the citation in quotes after 'because', found 'PIPL'");
    }

    @Test
    void groupNames() {
        Diagnostic lower = vocabularyError("group nordics = [SE, NO]\n");
        assertAt(lower, "vocabulary.guard", 16, 7, "group name 'nordics' must be upper case");
        assertEquals("did you mean 'NORDICS'?", lower.hint());
        Diagnostic code = vocabularyError("group DE = [DE]\n");
        assertAt(code, "vocabulary.guard", 16, 7, "group name 'DE' is a jurisdiction code");
    }

    @Test
    void attributeOutsideEntity() {
        Diagnostic d = vocabularyError("attribute ciio boolean\n");
        assertAt(d, "vocabulary.guard", 16, 11, "attribute 'ciio' must be named entity.<name>");
    }

    @Test
    void categoriesIsNotOneValue() {
        Diagnostic d = error(rule("  deny when category in [personal]\n  because \"x\"\n"));
        assertAt(d, "cn/pipl.guard", 9, 13,
                "'category' has several values: say 'any category in' or 'every category in'");
    }

    @Test
    void tabsCountAsOneColumnAndShowAsOneSpace() {
        Diagnostic d = error(rule("\tdeny when any category in [personal.contct]\n\tbecause \"x\"\n"));
        assertEquals(lines(
                "cn/pipl.guard:9:29: error: unknown category 'personal.contct'",
                " 9 |  deny when any category in [personal.contct]",
                "   |                             ^^^^^^^^^^^^^^^",
                "   = did you mean 'personal.contact'?"), d.format());
    }

    @Test
    void unclosedJsonInATest() {
        // the object runs to the end of the file, so the test also expects nothing: reported second
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyBundle.of(Map.of("vocabulary.guard",
                VOCABULARY, "cn/pipl.guard", HEAD + "test \"t\"\n  given {\"origin\": \"CN\"\n  expect allow\n")));
        assertAt(e.diagnostics().get(0), "cn/pipl.guard", 9, 9, "JSON object is not closed: a '}' is missing");
    }
}
