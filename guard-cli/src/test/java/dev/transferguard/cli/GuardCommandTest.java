package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.Repository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code guard} command's exit codes, output and error messages, run in-process. */
class GuardCommandTest {

    static final Path POLICIES = Repository.file("policies");

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GuardCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result runWithStdin(String stdin, String... args) {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** A transfer of contact data of {@code count} people from China to Singapore under the shipped packs. */
    static String transfer(String date, long count, boolean bases) {
        return "{\"date\": \"" + date + "\", \"origin\": \"CN\", \"destination\": \"SG\", "
                + "\"categories\": [\"personal.contact\"], \"subjects\": {\"residence\": [\"CN\"], \"count\": " + count
                + "}, \"entity\": {\"ciio\": false, \"ftz\": false}, "
                + "\"recipient\": {\"name\": \"acme-sg\", \"kind\": \"commercial\"}"
                + (bases ? ", \"bases\": [\"separate-consent\", \"pipia\"]" : "") + "}";
    }

    static String allowed(long count) {
        return transfer("2026-03-01", count, true);
    }

    static String denied() {
        return transfer("2026-03-01", 10, false);
    }

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static void assertNoStackTrace(Result r) {
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(r.out().contains("\tat "), r::toString);
    }

    static void assertBadInput(Result r) {
        assertEquals(2, r.code(), r::toString);
        assertNoStackTrace(r);
        assertFalse(r.err().isBlank(), r::toString);
    }

    // ---- policy directories written by the tests ----

    static final String SMALL_VOCABULARY = """
            bundle default allow
            category personal "people"
            """;

    static final String SMALL_PACK = """
            policy small "Small"
              default allow

            rule no-de
              deny when destination in [DE]
              because "Rule 1"
            """;

    Path policyDir(String name, String pack) throws IOException {
        file(name + "/vocabulary.guard", SMALL_VOCABULARY);
        file(name + "/pack.guard", pack);
        return dir.resolve(name);
    }

    Path brokenPolicies() throws IOException {
        return policyDir("broken", """
                policy small "Small"
                  default allow

                rule no-de
                  deny when destination in [DE
                  because "Rule 1"
                """);
    }

    static void assertPolicyErrorReported(Result r) {
        assertBadInput(r);
        assertTrue(r.err().matches("(?s).*broken/pack\\.guard:\\d+:\\d+: error: .*"), r::toString);
        assertTrue(r.err().contains("^"), r::toString);
    }

    // ---- check: exit codes ----

    @Test
    void checkExitsZeroWhenEveryTransferIsAllowed() throws IOException {
        Path input = file("in.json", allowed(100));
        Result r = run("check", "--policies", POLICIES.toString(), input.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("ALLOW #1 transfer CN -> SG  personal.contact  (100 subjects)"), r::toString);
        assertTrue(r.out().contains("cn.pipl/separate-consent met"), r::toString);
        assertTrue(r.out().contains("obligations: record-keeping"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void checkExitsOneWhenSomeTransferIsDenied() throws IOException {
        Path input = file("in.jsonl", allowed(100) + "\n" + denied() + "\n");
        Result r = run("check", "--policies", POLICIES.toString(), input.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("ALLOW #1"), r::toString);
        assertTrue(r.out().contains("DENY  #2"), r::toString);
        assertTrue(r.out().contains("unmet: cn.pipl/separate-consent needs separate-consent"), r::toString);
        assertTrue(r.out().contains("would be allowed with: pipia + separate-consent"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void checkSaysWhetherNoBasisOrNoSmallSetOfBasesWouldHelp() throws IOException {
        String vocabulary = SMALL_VOCABULARY + "basis b1 \"1\"\nbasis b2 \"2\"\nbasis b3 \"3\"\nbasis b4 \"4\"\n";
        file("four/vocabulary.guard", vocabulary);
        StringBuilder pack = new StringBuilder(SMALL_PACK);
        for (int i = 1; i <= 4; i++) {
            pack.append("\nrule need-").append(i).append("\n  require b").append(i)
                    .append(" when destination is SG\n  because \"Rule\"\n");
        }
        file("four/pack.guard", pack.toString());
        String sg = "{\"date\": \"2026-03-01\", \"origin\": \"CN\", \"destination\": \"SG\", \"categories\": [\"personal\"]}";
        Result four = run("check", "--policies", dir.resolve("four").toString(), file("sg.json", sg).toString());
        assertEquals(1, four.code(), four::toString);
        assertTrue(four.out().contains("no set of up to three legal bases would make it allowed"), four::toString);
        Result germany = run("check", "--policies", dir.resolve("four").toString(),
                file("de.json", sg.replace("SG", "DE")).toString());
        assertEquals(1, germany.code(), germany::toString);
        assertTrue(germany.out().contains("no legal basis would make it allowed"), germany::toString);
    }

    @Test
    void checkExitsTwoOnMalformedJson() throws IOException {
        Path input = file("bad.json", "{\"date\": \"2026-03-01\", \"origin\": \"CN\",\n");
        Result r = run("check", "--policies", POLICIES.toString(), input.toString());
        assertBadInput(r);
        assertTrue(r.err().startsWith(input + ":2:1: unexpected end of input"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void checkExitsTwoOnAnUnknownCategoryWithItsPlaceAndASuggestion() throws IOException {
        String json = allowed(5).replace("personal.contact", "personal.contct");
        Path input = file("typo.json", json);
        Result r = run("check", "--policies", POLICIES.toString(), input.toString());
        assertBadInput(r);
        int column = json.indexOf("\"personal.contct\"") + 1;
        assertEquals(input + ":1:" + column + ": unknown category 'personal.contct' in categories[0]; "
                + "did you mean 'personal.contact'?", r.err().strip());
    }

    @Test
    void checkExitsTwoOnAnUnknownCategoryOnALaterLine() throws IOException {
        String second = denied().replace("personal.contact", "personal.contct");
        Path input = file("lines.jsonl", allowed(5) + "\n" + second + "\n");
        Result r = run("check", "--policies", POLICIES.toString(), input.toString());
        assertBadInput(r);
        assertTrue(r.err().startsWith(input + ":2:" + (second.indexOf("\"personal.contct\"") + 1) + ": "),
                r::toString);
    }

    @Test
    void checkExitsTwoOnAMissingFile() {
        Path missing = dir.resolve("nope.json");
        Result r = run("check", "--policies", POLICIES.toString(), missing.toString());
        assertBadInput(r);
        assertEquals(missing + ": no such file", r.err().strip());
    }

    @Test
    void checkExitsTwoWithoutPolicies() throws IOException {
        Path input = file("in.json", allowed(5));
        Result r = run("check", input.toString());
        assertBadInput(r);
        assertTrue(r.err().contains("Missing required option: '--policies=DIR'"), r::toString);
    }

    @Test
    void checkExitsTwoWhenThePoliciesDoNotLoad() throws IOException {
        Path input = file("in.json", allowed(5));
        Result r = run("check", "--policies", brokenPolicies().toString(), input.toString());
        assertPolicyErrorReported(r);
        assertEquals("", r.out());
    }

    @Test
    void checkExitsTwoWhenThePolicyDirectoryDoesNotExist() throws IOException {
        Path input = file("in.json", allowed(5));
        Result r = run("check", "--policies", dir.resolve("none").toString(), input.toString());
        assertBadInput(r);
        assertTrue(r.err().contains("does not exist"), r::toString);
    }

    @Test
    void checkExitsTwoOnEmptyInput() throws IOException {
        Result empty = run("check", "--policies", POLICIES.toString(), file("empty.json", "").toString());
        assertBadInput(empty);
        assertTrue(empty.err().contains("expected a JSON object, found end of input"), empty::toString);
        Result blank = run("check", "--policies", POLICIES.toString(), file("blank.json", " \n\n").toString());
        assertBadInput(blank);
        Result stdin = runWithStdin("", "check", "--policies", POLICIES.toString(), "-");
        assertBadInput(stdin);
        assertTrue(stdin.err().startsWith("<stdin>:"), stdin::toString);
    }

    // ---- check: output and counting ----

    static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, value(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(value(p));
            }
            return l;
        }
        return p.getText();
    }

    /** Each line of {@code out} as a JSON object. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> jsonLines(String out) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        JsonFactory factory = new JsonFactory();
        for (String line : out.split("\n")) {
            try (JsonParser p = factory.createParser(line)) {
                assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
                objects.add((Map<String, Object>) value(p));
                assertNull(p.nextToken(), "one object per line: " + line);
            }
        }
        return objects;
    }

    @Test
    @SuppressWarnings("unchecked")
    void checkJsonPrintsOneDecisionObjectPerTransfer() throws IOException {
        Path input = file("in.jsonl", allowed(100) + "\n" + denied() + "\n");
        Result r = run("check", "--json", "--policies", POLICIES.toString(), input.toString());
        assertEquals(1, r.code(), r::toString);
        List<Map<String, Object>> decisions = jsonLines(r.out());
        assertEquals(2, decisions.size());
        for (Map<String, Object> d : decisions) {
            assertTrue(d.keySet().containsAll(List.of("decision", "obligations", "unmet", "reasons", "policyDigest")),
                    d.keySet()::toString);
            assertTrue(((String) d.get("policyDigest")).matches("sha256:[0-9a-f]{64}"), d::toString);
        }
        assertEquals("ALLOW", decisions.get(0).get("decision"));
        assertEquals(List.of("record-keeping"), decisions.get(0).get("obligations"));
        assertEquals(List.of(), decisions.get(0).get("unmet"));
        assertEquals(2, ((List<?>) decisions.get(0).get("reasons")).size());
        assertEquals("DENY", decisions.get(1).get("decision"));
        assertEquals(List.of(), decisions.get(1).get("obligations"));
        List<Map<String, Object>> unmet = (List<Map<String, Object>>) decisions.get(1).get("unmet");
        assertEquals(List.of("separate-consent", "impact-assessment"), unmet.stream().map(u -> u.get("rule")).toList());
        assertEquals(List.of("separate-consent"), unmet.get(0).get("anyOf"));
        assertEquals(decisions.get(0).get("policyDigest"), decisions.get(1).get("policyDigest"));
    }

    @Test
    void jsonLinesAdvanceTheCountersFromLineToLine() throws IOException {
        // 60,000 allowed; 50,000 more would pass 100,000 and needs a standard contract; 39,999 more stays below.
        Path input = file("in.jsonl", allowed(60_000) + "\n" + allowed(50_000) + "\n" + allowed(39_999) + "\n");
        Result r = run("check", "--json", "--policies", POLICIES.toString(), input.toString());
        assertEquals(1, r.code(), r::toString);
        List<Map<String, Object>> decisions = jsonLines(r.out());
        assertEquals(List.of("ALLOW", "DENY", "ALLOW"), decisions.stream().map(d -> d.get("decision")).toList());
        assertTrue(decisions.get(1).get("unmet").toString().contains("standard-contract-tier"), r::toString);

        Result alone = run("check", "--policies", POLICIES.toString(), file("one.json", allowed(50_000)).toString());
        assertEquals(0, alone.code(), "the same transfer alone is allowed: " + alone);
    }

    @Test
    void historyIsCountedBeforeDeciding() throws IOException {
        Path history = file("history.jsonl", transfer("2026-01-10", 60_000, true) + "\n"
                + transfer("2026-02-10", 39_999, true) + "\n");
        Path input = file("in.json", allowed(1));
        Result with = run("check", "--policies", POLICIES.toString(), "--history", history.toString(), input.toString());
        assertEquals(1, with.code(), with::toString);
        assertTrue(with.out().contains("cn.pipl/standard-contract-tier unmet"), with::toString);

        Result without = run("check", "--policies", POLICIES.toString(), input.toString());
        assertEquals(0, without.code(), without::toString);

        Path lastYear = file("last-year.jsonl", transfer("2025-12-31", 99_999, true) + "\n");
        Result old = run("check", "--policies", POLICIES.toString(), "--history", lastYear.toString(), input.toString());
        assertEquals(0, old.code(), "last year's transfers do not count this year: " + old);
    }

    @Test
    void aBadHistoryIsBadInputWithItsPlace() throws IOException {
        String bad = transfer("2026-01-10", 5, true).replace("personal.contact", "personal.contct");
        Path history = file("history.jsonl", bad + "\n");
        Result r = run("check", "--policies", POLICIES.toString(), "--history", history.toString(),
                file("in.json", allowed(1)).toString());
        assertBadInput(r);
        assertTrue(r.err().startsWith(history + ":1:" + (bad.indexOf("\"personal.contct\"") + 1) + ": unknown category"),
                r::toString);
        assertEquals("", r.out());
    }

    @Test
    void checkReadsStandardInput() {
        Result r = runWithStdin(allowed(100) + "\n" + denied() + "\n", "check", "--policies", POLICIES.toString(), "-");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("ALLOW #1") && r.out().contains("DENY  #2"), r::toString);

        Result ok = runWithStdin(allowed(100), "check", "--json", "--policies", POLICIES.toString(), "-");
        assertEquals(0, ok.code(), ok::toString);
        assertTrue(ok.out().startsWith("{\"decision\":\"ALLOW\""), ok::toString);

        String typo = allowed(1).replace("personal.contact", "personal.contct");
        Result bad = runWithStdin(typo, "check", "--policies", POLICIES.toString(), "-");
        assertBadInput(bad);
        assertTrue(bad.err().startsWith("<stdin>:1:" + (typo.indexOf("\"personal.contct\"") + 1) + ": "), bad::toString);
    }

    // ---- test ----

    static final String PACK_WITH_TEST = SMALL_PACK + """

            test "Germany is denied"
              given {"date": "2026-03-01", "origin": "CN", "destination": "DE", "categories": ["personal"]}
              expect %s
              expect rule no-de
            """;

    @Test
    void testExitsZeroWhenEveryTestPasses() throws IOException {
        Result r = run("test", "--policies", policyDir("passing", PACK_WITH_TEST.formatted("deny")).toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("PASS ") && r.out().contains("Germany is denied"), r::toString);
        assertTrue(r.out().endsWith("1 passed, 0 failed\n"), r::toString);

        Result shipped = run("test", "--policies", POLICIES.toString());
        assertEquals(0, shipped.code(), shipped::toString);
    }

    @Test
    void testExitsOneWhenATestFails() throws IOException {
        Result r = run("test", "--policies", policyDir("failing", PACK_WITH_TEST.formatted("allow")).toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("FAIL ") && r.out().contains("Germany is denied"), r::toString);
        assertTrue(r.out().endsWith("0 passed, 1 failed\n"), r::toString);
    }

    @Test
    void testExitsTwoWhenThePoliciesDoNotLoad() throws IOException {
        assertPolicyErrorReported(run("test", "--policies", brokenPolicies().toString()));
        assertBadInput(run("test"));
    }

    // ---- lint ----

    @Test
    void lintExitsZeroWhenClean() throws IOException {
        Result r = run("lint", "--policies", policyDir("clean", SMALL_PACK).toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("clean: 1 packs, 1 rules, 0 tests, 0 findings\n", r.out());
    }

    @Test
    void lintExitsOneWithFindings() throws IOException {
        Path policies = policyDir("dead", SMALL_PACK + """

                rule never
                  deny when destination in [DE] and destination not in [DE]
                  because "Rule 2"
                """);
        Result r = run("lint", "--policies", policies.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("dead/pack.guard:8:6: warning: rule 'never' can never match"), r::toString);
        assertTrue(r.out().endsWith("findings: 1 packs, 2 rules, 0 tests, 1 finding\n"), r::toString);
    }

    @Test
    void lintExitsTwoWhenThePoliciesDoNotLoad() throws IOException {
        assertPolicyErrorReported(run("lint", "--policies", brokenPolicies().toString()));
    }

    // ---- errors and help ----

    @Test
    void verboseAddsTheStackTrace() {
        Path missing = dir.resolve("nope.json");
        Result quiet = run("check", "--policies", POLICIES.toString(), missing.toString());
        assertNoStackTrace(quiet);
        Result verbose = run("check", "--verbose", "--policies", POLICIES.toString(), missing.toString());
        assertEquals(2, verbose.code(), verbose::toString);
        assertTrue(verbose.err().startsWith(missing + ": no such file"), verbose::toString);
        assertTrue(verbose.err().contains("\tat "), verbose::toString);
    }

    @Test
    void unknownOptionsAndCommandsAreBadInput() {
        Result option = run("check", "--policies", POLICIES.toString(), "--jsn", "x.json");
        assertBadInput(option);
        assertTrue(option.err().contains("--jsn"), option::toString);
        Result command = run("chek");
        assertBadInput(command);
        assertTrue(command.err().contains("chek"), command::toString);
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Result r = run("--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Usage: guard"), r::toString);
        for (String command : List.of("check", "test", "lint")) {
            assertTrue(r.out().contains("\n  " + command + " "), () -> command + " is listed: " + r);
        }
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        assertEquals("", r.err());

        Result check = run("check", "--help");
        assertEquals(0, check.code(), check::toString);
        assertTrue(check.out().startsWith("Usage: guard check"), check::toString);
        assertTrue(check.out().contains("--history=FILE") && check.out().contains("--json"), check::toString);
        assertTrue(check.out().contains("1   some denied"), check::toString);

        Result help = run("help", "lint");
        assertEquals(0, help.code(), help::toString);
        assertTrue(help.out().startsWith("Usage: guard lint"), help::toString);
    }

    @Test
    void versionIsPrinted() {
        Result r = run("--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("guard "), r::toString);
    }
}
