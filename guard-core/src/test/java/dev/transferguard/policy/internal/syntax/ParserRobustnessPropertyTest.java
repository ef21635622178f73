package dev.transferguard.policy.internal.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever text a policy file holds, loading it either gives a bundle or throws a {@link PolicyException} whose
 * diagnostics point inside the file: never another exception, never a stack overflow.
 */
class ParserRobustnessPropertyTest {

    /** Checks the contract on one set of files and says whether they loaded. */
    static boolean loadsOrReports(Map<String, String> files) {
        try {
            PolicyBundle.of(files);
            return true;
        } catch (PolicyException e) {
            assertFalse(e.diagnostics().isEmpty(), "a PolicyException without diagnostics");
            for (Diagnostic d : e.diagnostics()) {
                assertTrue(files.containsKey(d.file()), () -> "diagnostic names no given file: " + d.format());
                String text = files.get(d.file());
                long lines = text.chars().filter(c -> c == '\n').count() + 1;
                assertTrue(d.line() >= 1 && d.line() <= lines, () -> "line outside the file: " + d.format());
                assertTrue(d.column() >= 1, () -> "column before the line: " + d.format());
                assertEquals(Diagnostic.Severity.ERROR, d.severity());
                assertNotNull(d.format());
            }
            assertNotNull(e.getMessage());
            return false;
        } catch (Throwable t) {
            // StackOverflowError, NullPointerException, IllegalStateException, ...: all are bugs.
            StringBuilder sb = new StringBuilder("loading threw " + t + " for:\n");
            files.forEach((name, text) -> sb.append("==> ").append(name).append(" <==\n")
                    .append(text.length() > 4000 ? text.substring(0, 4000) + "\n[... " + text.length() + " chars]"
                            : text).append('\n'));
            throw new AssertionError(sb.toString(), t);
        }
    }

    // ---- mutated valid policies ----

    /** One edit of a source text; {@code at} is a relative position in [0, 1]. */
    record Edit(int kind, double at, int length, String text) {

        String apply(String s) {
            int i = (int) Math.min(s.length(), Math.floor(at * (s.length() + 1)));
            int end = Math.min(s.length(), i + length);
            switch (kind) {
                case 0: // insert
                    return s.substring(0, i) + text + s.substring(i);
                case 1: // delete
                    return s.substring(0, i) + s.substring(end);
                case 2: // replace
                    return s.substring(0, i) + text + s.substring(end);
                case 3: // truncate
                    return s.substring(0, i);
                case 4: { // delete the word at i
                    int from = i;
                    while (from > 0 && !Character.isWhitespace(s.charAt(from - 1))) {
                        from--;
                    }
                    int to = i;
                    while (to < s.length() && !Character.isWhitespace(s.charAt(to))) {
                        to++;
                    }
                    return s.substring(0, from) + s.substring(to);
                }
                default: { // duplicate the line at i
                    int from = s.lastIndexOf('\n', Math.max(0, i - 1)) + 1;
                    int to = s.indexOf('\n', i);
                    String line = s.substring(Math.min(from, i), to < 0 ? s.length() : to + 1);
                    return s.substring(0, i) + line + s.substring(i);
                }
            }
        }
    }

    static final List<String> TOKENS = List.of("policy", "rule", "counter", "category", "group", "basis",
            "attribute", "bundle", "test", "given", "expect", "history", "deny", "allow", "require", "exempt",
            "from", "one", "of", "when", "because", "oblige", "applies", "default", "version", "and", "or", "not",
            "in", "is", "any", "every", "count(", "count(c0)", "days since basis", "working-days", "date", "(", ")",
            "[", "]", ",", "/", "=", "!=", "<", "<=", ">", ">=", "\"", "\"unclosed", "{", "}", "{\"a\": [1, {}]}",
            "#", "\n", "\t", "\r\n", "2026-02-30", "2026-13-01", "99999999999999999999", "1st", "2.5", "100_000",
            "personal.contct", "XX", "EEA", "NEAR", "entity.ciio", "entity.nope", "subjects.count", "c9",
            "distinct subjects", "per calendar-year", "per 0 days", "per 5000 months", "per counterparty", "entity.",
            "a".repeat(250), "\uFEFF", "\u0000", "\u2028", "\u00A0", "\u201C", "\u201D\n", "\u201Equoted\u201C",
            "\uD83D\uDE00", "\uD800", "\uDE00", "\u0663\u0662", "é");

    static Arbitrary<String> noise() {
        Arbitrary<Character> punctuation = Arbitraries.of('[', ']', '(', ')', ',', '/', '=', '!', '<', '>', '"',
                '{', '}', '#', '\\', '_', '-', '.', ' ', '\n', '\t', '\r');
        Arbitrary<Character> control = Arbitraries.chars().range('\u0000', '\u001f');
        Arbitrary<Character> any = Arbitraries.chars().all();
        Arbitrary<Character> c = Arbitraries.frequencyOf(Tuple.of(3, punctuation), Tuple.of(3,
                Arbitraries.chars().alpha().numeric()), Tuple.of(1, control), Tuple.of(2, any));
        Arbitrary<String> chars = c.list().ofMinSize(1).ofMaxSize(6)
                .map(l -> l.stream().map(String::valueOf).reduce("", String::concat));
        return Arbitraries.frequencyOf(Tuple.of(1, chars), Tuple.of(1, Arbitraries.of(TOKENS).map(t -> " " + t + " ")));
    }

    static Arbitrary<Edit> edit() {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(3, 1), Tuple.of(3, 2),
                Tuple.of(1, 3), Tuple.of(2, 4), Tuple.of(1, 5)), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 12), noise()).as(Edit::new);
    }

    @Provide
    Arbitrary<Map<String, String>> mutated() {
        return Combinators.combine(PolicyGen.bundle(), edit().list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, 3)).as((spec, edits, which) -> {
                    Map<String, String> files = new LinkedHashMap<>(spec.files());
                    List<String> names = new ArrayList<>(files.keySet());
                    String name = names.get(which % names.size());
                    String text = files.get(name);
                    for (Edit e : edits) {
                        text = e.apply(text);
                    }
                    files.put(name, text);
                    return files;
                });
    }

    @Property(tries = 700)
    void mutatedPoliciesLoadOrReportWhere(@ForAll("mutated") Map<String, String> files) {
        loadsOrReports(files);
    }

    @Property(tries = 300)
    void randomTextLoadsOrReportsWhere(@ForAll("randomText") String text) {
        loadsOrReports(Map.of("random.guard", text));
    }

    @Provide
    Arbitrary<String> randomText() {
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(120).map(l -> String.join(" ", l));
        Arbitrary<String> mixed = noise().list().ofMaxSize(80).map(l -> String.join("", l));
        return Arbitraries.oneOf(unicode, tokens, mixed);
    }

    // ---- deep nesting ----

    static final String VOCABULARY = "category personal\nbasis consent\n";

    /** A rule whose condition nests {@code depth} levels, built from the prefixes in {@code shape}. */
    static String nested(String shape, int depth, boolean closed) {
        StringBuilder sb = new StringBuilder("policy deep \"Deep\" default allow\nrule r deny when ");
        int opened = 0;
        for (int i = 0; i < depth; i++) {
            char c = shape.charAt(i % shape.length());
            if (c == '(') {
                sb.append('(');
                opened++;
            } else {
                sb.append("not ");
            }
        }
        sb.append("basis consent");
        if (closed) {
            sb.append(")".repeat(opened));
        }
        return sb.append(" because \"deep\"\n").toString();
    }

    @Property(tries = 25)
    void deepNestingIsRefusedWithoutOverflow(@ForAll("shapes") String shape,
            @ForAll @IntRange(min = 65, max = 100_000) int depth, @ForAll boolean closed) {
        assertFalse(loadsOrReports(Map.of("v.guard", VOCABULARY, "deep.guard", nested(shape, depth, closed))));
    }

    @Provide
    Arbitrary<String> shapes() {
        return Arbitraries.strings().withChars('(', 'n').ofMinLength(1).ofMaxLength(5);
    }

    @Example
    void nestingUpToTheLimitLoads() {
        assertTrue(loadsOrReports(Map.of("v.guard", VOCABULARY, "deep.guard", nested("(", 63, true))));
        assertTrue(loadsOrReports(Map.of("v.guard", VOCABULARY, "deep.guard", nested("n", 63, true))));
    }

    @Example
    void hundredThousandLevelsOfEveryKind() {
        int n = 100_000;
        List<String> sources = List.of(
                nested("(", n, true),
                nested("n", n, true),
                nested("(n", n, false),
                "policy deep \"Deep\" default allow applies when " + "(".repeat(n) + "true" + ")".repeat(n) + "\n",
                "policy deep default allow\ncounter c = distinct subjects where " + "not ".repeat(n)
                        + "true per 1 day\n",
                "policy deep default allow\nrule r deny when " + "basis consent and ".repeat(n)
                        + "true because \"long\"\n",
                "policy deep default allow\nrule r deny when " + "basis consent or not ".repeat(n)
                        + "true because \"long\"\n",
                "policy deep default allow\nrule r deny when origin in " + "[".repeat(n) + "CN" + "]".repeat(n)
                        + " because \"x\"\n",
                "test \"deep json\" given " + "{\"a\": ".repeat(n) + "1" + "}".repeat(n) + " expect allow\n",
                "policy deep default allow\nrule r deny when " + "(".repeat(n),
                "\"" + "x".repeat(n),
                "#".repeat(n),
                "(".repeat(n) + ")".repeat(n));
        for (String source : sources) {
            loadsOrReports(Map.of("v.guard", VOCABULARY, "deep.guard", source));
        }
    }

    @Example
    void aFileOfOnlyErrorsReportsAtMostFifty() {
        String source = "@\n".repeat(10_000);
        try {
            PolicyBundle.of(Map.of("bad.guard", source));
            fail("loaded");
        } catch (PolicyException e) {
            assertEquals(50, e.diagnostics().size());
            assertEquals(50, e.diagnostics().get(49).line());
        }
    }
}
