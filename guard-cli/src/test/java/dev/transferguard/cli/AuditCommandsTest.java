package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandsTest {

    /** Decisions recorded in an audit log are dated today by the guard's clock. */
    static final String TODAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    static final String ALLOWED = "{\"date\":\"" + TODAY + "\",\"origin\":\"CN\",\"destination\":\"SG\","
            + "\"categories\":[\"personal.contact\"],\"subjects\":{\"residence\":[\"CN\"],\"count\":2,"
            + "\"ids\":[\"alice@example.com\",\"ID-110101199003077777\"]},\"entity\":{\"ciio\":false,\"ftz\":false},"
            + "\"recipient\":{\"name\":\"acme-sg\","
            + "\"kind\":\"commercial\",\"jurisdiction\":\"SG\",\"coveredPerson\":false},"
            + "\"bases\":[\"separate-consent\",\"pipia\"]}";
    static final String DENIED = "{\"date\":\"" + TODAY + "\",\"origin\":\"CN\",\"destination\":\"US\","
            + "\"categories\":[\"personal.contact\"],\"subjects\":{\"residence\":[\"CN\"],\"count\":10},"
            + "\"entity\":{\"ciio\":false,\"ftz\":false},\"recipient\":{\"name\":\"court\",\"kind\":\"foreign-judicial\",\"jurisdiction\":\"US\","
            + "\"coveredPerson\":false}}";
    static final String DOMESTIC = "{\"date\":\"" + TODAY + "\",\"origin\":\"DE\",\"destination\":\"DE\","
            + "\"categories\":[\"personal.contact\"],\"subjects\":{\"residence\":[\"DE\"],\"count\":1},"
            + "\"recipient\":{\"name\":\"shop-de\",\"kind\":\"commercial\"}}";

    @TempDir
    Path dir;

    Path keys;
    Path log;
    String policies;

    @BeforeEach
    void writeALog() throws Exception {
        keys = dir.resolve("keys");
        log = dir.resolve("log");
        policies = Cli.repository("policies").toString();
        Cli keygen = Cli.run("keygen", "--name", "audit-test", "--out", keys.toString());
        assertEquals(0, keygen.code(), keygen.toString());
        Path input = Files.writeString(dir.resolve("in.jsonl"), ALLOWED + "\n" + DENIED + "\n" + DOMESTIC + "\n");
        Path secret = Files.write(dir.resolve("pseudonym.key"), "a secret of thirty-two bytes....".getBytes());
        Cli check = Cli.run("check", "--policies", policies, "--audit", log.toString(), "--key",
                keys.resolve("audit-test.key").toString(), "--origin", "test.example/audit", "--pseudonym-key",
                secret.toString(), "--json", input.toString());
        assertEquals(1, check.code(), check.toString());
        assertEquals(3, check.out().lines().count(), check.toString());
    }

    private Cli verify(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--log", log.toString(), "--key",
                keys.resolve("audit-test.pub").toString()));
        args.addAll(Arrays.asList(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private Path segment() {
        return log.resolve("00000000000000000000.jsonl");
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndPrintsTheVerifierKey() throws Exception {
        Path key = keys.resolve("audit-test.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        Cli again = Cli.run("keygen", "--name", "other", "--out", keys.toString());
        assertEquals(0, again.code());
        VerifierKey printed = VerifierKey.parse(again.out().strip());
        assertEquals(VerifierKey.readPem(keys.resolve("other.pub")), printed);
        byte[] otherKey = Files.readAllBytes(keys.resolve("other.key"));
        byte[] otherPub = Files.readAllBytes(keys.resolve("other.pub"));
        Cli twice = Cli.run("keygen", "--name", "other", "--out", keys.toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("already exists"), twice.err());
        assertArrayEquals(otherKey, Files.readAllBytes(keys.resolve("other.key")), "never overwritten");
        assertArrayEquals(otherPub, Files.readAllBytes(keys.resolve("other.pub")));
        assertEquals(2, Cli.run("keygen", "--name", "bad name", "--out", keys.toString()).code());

        // A public key planted alone is not replaced, and no private key is written beside it.
        Path planted = Files.writeString(keys.resolve("planted.pub"), "planted\n");
        assertEquals(2, Cli.run("keygen", "--name", "planted", "--out", keys.toString()).code());
        assertEquals("planted\n", Files.readString(planted));
        assertFalse(Files.exists(keys.resolve("planted.key")));
        // A link planted where the private key goes, to a file of the adversary's choosing, is not followed.
        Path elsewhere = dir.resolve("elsewhere.key");
        Files.createSymbolicLink(keys.resolve("linked.key"), elsewhere);
        Cli linked = Cli.run("keygen", "--name", "linked", "--out", keys.toString());
        assertEquals(2, linked.code(), linked.toString());
        assertFalse(Files.exists(elsewhere), "no key written through the link");
    }

    @Test
    void verifyExitsZeroOnAnIntactLog() {
        Cli v = verify();
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().startsWith("OK: test.example/audit: 3 records, 3 signed by audit-test+"), v.out());
        Cli json = verify("--json");
        assertEquals(0, json.code());
        assertTrue(json.out().startsWith("{\"intact\":true,\"origin\":\"test.example/audit\",\"records\":3,"), json.out());
        String verifierKey = Cli.run("keygen", "--name", "audit-test", "--out", dir.resolve("k2").toString()).out()
                .strip();
        Cli other = Cli.run("audit", "verify", "--log", log.toString(), "--key", verifierKey);
        assertEquals(1, other.code(), "a key of the same name but other bytes is not the log's key");
        assertTrue(other.out().contains("UNKNOWN_KEY"), other.out());
    }

    @Test
    void verifyExitsOneAndNamesTheRecordAfterAnEdit() throws Exception {
        byte[] b = Files.readAllBytes(segment());
        int at = new String(b, StandardCharsets.UTF_8).indexOf("court");
        b[at] = 'C';
        Files.write(segment(), b);
        Cli v = verify();
        assertEquals(1, v.code(), v.toString());
        assertTrue(v.out().startsWith("TAMPERED: MODIFIED at seq 1 (00000000000000000000.jsonl:2)"), v.out());
    }

    @Test
    void verifyExitsOneAfterADeletedLineOrATruncation() throws Exception {
        List<String> lines = Files.readAllLines(segment());
        Files.writeString(segment(), lines.get(0) + "\n" + lines.get(2) + "\n");
        Cli deleted = verify();
        assertEquals(1, deleted.code());
        assertTrue(deleted.out().startsWith("TAMPERED: DELETED at seq 1"), deleted.out());

        Files.writeString(segment(), lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40));
        Cli truncated = verify();
        assertEquals(1, truncated.code());
        assertTrue(truncated.out().startsWith("TAMPERED: TRUNCATED at seq 2"), truncated.out());
    }

    @Test
    void verifyExitsOneOnAnUnsignedTailLongerThanTheWriterLeaves() throws Exception {
        // The later checkpoints removed and the genesis one made the latest, as a rollback would.
        Path kept = log.resolve("checkpoints");
        try (var files = Files.list(kept)) {
            for (Path p : files.filter(p -> !p.endsWith("00000000000000000000")).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(kept.resolve("00000000000000000000"), log.resolve("checkpoint"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // The records then spread over three days, and relinked: a hash needs no key.
        StringBuilder out = new StringBuilder();
        byte[] prev = new byte[32];
        int day = 1;
        for (String line : Files.readAllLines(segment())) {
            String relinked = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\""
                    + java.util.HexFormat.of().formatHex(prev) + "\"")
                    .replaceFirst("\"time\":\"[^\"]+\"", "\"time\":\"2026-03-0" + day++ + "T09:00:00.000000Z\"");
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((byte) 0);
            prev = sha.digest(relinked.getBytes(StandardCharsets.UTF_8));
            out.append(relinked).append('\n');
        }
        Files.writeString(segment(), out);
        Cli v = verify();
        assertEquals(1, v.code(), v.toString());
        assertTrue(v.out().startsWith("TAMPERED: UNSIGNED_TAIL at seq 0 (00000000000000000000.jsonl:1)"), v.out());
    }

    @Test
    void verifyExitsTwoOnBadInput() throws Exception {
        assertEquals(2, Cli.run("audit", "verify", "--log", dir.resolve("none").toString(), "--key",
                keys.resolve("audit-test.pub").toString()).code());
        assertEquals(2, verify("--key", dir.resolve("missing.pub").toString()).code());
        Path notPem = Files.writeString(dir.resolve("bad.pub"), "not a key");
        Cli bad = Cli.run("audit", "verify", "--log", log.toString(), "--key", notPem.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertEquals(2, Cli.run("audit", "verify", "--log", log.toString()).code(), "--key is required");
        assertEquals(2, Cli.run("audit", "verify", "--log", keys.toString(), "--key",
                keys.resolve("audit-test.pub").toString()).code(), "a directory that is no log");
        assertEquals(2, verify("--trusted-checkpoint", dir.resolve("nope").toString()).code());
    }

    @Test
    void verifyChecksATrustedCheckpoint() throws Exception {
        Path trusted = Files.copy(log.resolve("checkpoint"), dir.resolve("trusted-checkpoint"));
        assertEquals(0, verify("--trusted-checkpoint", trusted.toString()).code());
    }

    @Test
    void subjectIdsNeverReachTheLog() throws Exception {
        try (var files = Files.walk(log)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                assertFalse(text.contains("alice@example.com"), p.toString());
                assertFalse(text.contains("110101199003077777"), p.toString());
            }
        }
        assertTrue(Files.readString(segment()).contains("\"ids\":[\"hmac-sha256:"));
    }

    @Test
    void showFiltersAndPrintsTableOrJson() {
        Cli all = Cli.run("audit", "show", "--log", log.toString());
        assertEquals(0, all.code(), all.toString());
        assertEquals(4, all.out().lines().count(), all.out());
        Cli denied = Cli.run("audit", "show", "--log", log.toString(), "--decision", "deny", "--json");
        assertEquals(List.of(1L), denied.out().lines().map(l -> Long.parseLong(l.replaceAll(".*\"seq\":(\\d+),.*", "$1")))
                .toList(), denied.out());
        Cli byRule = Cli.run("audit", "show", "--log", log.toString(), "--rule", "cn.pipl/foreign-justice", "--json");
        assertEquals(1, byRule.out().lines().count(), byRule.out());
        Cli byPack = Cli.run("audit", "show", "--log", log.toString(), "--pack", "cn.pipl", "--json");
        assertEquals(2, byPack.out().lines().count(), byPack.out());
        Cli flows = Cli.run("audit", "show", "--log", log.toString(), "--origin", "DE", "--destination", "DE",
                "--json");
        assertEquals(1, flows.out().lines().count(), flows.out());
        Cli later = Cli.run("audit", "show", "--log", log.toString(), "--since", "2999-01-01", "--json");
        assertEquals("", later.out());
        Cli window = Cli.run("audit", "show", "--log", log.toString(), "--until", "2999-01-01", "--json");
        assertEquals(3, window.out().lines().count());
        assertEquals(2, Cli.run("audit", "show", "--log", log.toString(), "--since", "yesterday").code());
        assertEquals(2, Cli.run("audit", "show", "--log", log.toString(), "--decision", "maybe").code());
    }

    @Test
    void statsCountsDecisions() {
        Cli stats = Cli.run("audit", "stats", "--log", log.toString(), "--json");
        assertEquals(0, stats.code(), stats.toString());
        assertTrue(stats.out().startsWith("{\"records\":3,\"decisions\":3,\"allowed\":2,\"denied\":1,\"recoveries\":0,"),
                stats.out());
        assertTrue(stats.out().contains("\"deniedFlows\":{\"CN -> US\":1}"), stats.out());
        Cli text = Cli.run("audit", "stats", "--log", log.toString());
        assertTrue(text.out().contains("cn.pipl/foreign-justice"), text.out());
    }

    @Test
    void proveAndVerifyProof() throws Exception {
        Path proof = dir.resolve("proof.json");
        Cli prove = Cli.run("audit", "prove", "--log", log.toString(), "--seq", "1", "--out", proof.toString());
        assertEquals(0, prove.code(), prove.toString());
        String pub = keys.resolve("audit-test.pub").toString();
        Cli ok = Cli.run("audit", "verify-proof", proof.toString(), "--key", pub);
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().startsWith("OK: record seq 1 is in the log test.example/audit of 3 records"), ok.out());

        String json = Files.readString(proof);
        Path forged = Files.writeString(dir.resolve("forged.json"), json.replace("foreign-judicial", "commercial"));
        Cli invalid = Cli.run("audit", "verify-proof", forged.toString(), "--key", pub);
        assertEquals(1, invalid.code(), invalid.toString());
        assertTrue(invalid.out().startsWith("INVALID: the inclusion proof does not hold"), invalid.out());
        Map<?, ?> okJson = (Map<?, ?>) MachineReadableTest.parse(Cli.run("audit", "verify-proof", proof.toString(),
                "--key", pub, "--json").out());
        assertEquals(List.of(true, "inclusion", "test.example/audit", 1L, 3L),
                List.of(okJson.get("ok"), okJson.get("kind"), okJson.get("origin"), okJson.get("seq"),
                        okJson.get("treeSize")), okJson::toString);
        assertTrue(((List<?>) okJson.get("signers")).get(0).toString().startsWith("audit-test+"), okJson::toString);
        Cli invalidJson = Cli.run("audit", "verify-proof", forged.toString(), "--key", pub, "--json");
        assertEquals(1, invalidJson.code(), invalidJson.toString());
        assertEquals(false, ((Map<?, ?>) MachineReadableTest.parse(invalidJson.out())).get("ok"));
        Path shifted = Files.writeString(dir.resolve("shifted.json"),
                json.replace("\"seq\":1,\"record\"", "\"seq\":0,\"record\"").replace("\"leafIndex\":1", "\"leafIndex\":0"));
        assertEquals(1, Cli.run("audit", "verify-proof", shifted.toString(), "--key", pub).code());

        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"format\":\"something else\"}");
        assertEquals(2, Cli.run("audit", "verify-proof", junk.toString(), "--key", pub).code());
        assertEquals(2, Cli.run("audit", "prove", "--log", log.toString(), "--seq", "3").code(), "not signed");
    }

    @Test
    void proveAndVerifyAConsistencyProof() throws Exception {
        Path older = Files.copy(log.resolve("checkpoints/00000000000000000000"), dir.resolve("old-checkpoint"));
        Path proof = dir.resolve("consistency.json");
        Cli prove = Cli.run("audit", "prove", "--log", log.toString(), "--since-checkpoint", older.toString(), "--out",
                proof.toString());
        assertEquals(0, prove.code(), prove.toString());
        Cli ok = Cli.run("audit", "verify-proof", proof.toString(), "--key", keys.resolve("audit-test.pub").toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().startsWith("OK: the log test.example/audit at 3 records extends its checkpoint of 0"),
                ok.out());
        assertEquals(2, Cli.run("audit", "prove", "--log", log.toString()).code(), "--seq or --since-checkpoint");
    }

    @Test
    void replayListsDecisionsThatWouldDiffer() throws Exception {
        Cli same = Cli.run("audit", "replay", "--log", log.toString(), "--policies", policies);
        assertEquals(0, same.code(), same.toString());
        assertTrue(same.out().contains("3 decisions replayed"), same.out());

        Path stricter = dir.resolve("stricter");
        Files.createDirectories(stricter.resolve("cn"));
        Files.copy(Cli.repository("policies/vocabulary.guard"), stricter.resolve("vocabulary.guard"));
        Files.writeString(stricter.resolve("cn/pipl.guard"), Files.readString(Cli.repository("policies/cn/pipl.guard"))
                .replace("require pipia when any category in personal", "require cac-security-assessment when any "
                        + "category in personal"));
        Cli differ = Cli.run("audit", "replay", "--log", log.toString(), "--policies", stricter.toString(), "--json");
        assertEquals(1, differ.code(), differ.toString());
        assertTrue(differ.out().startsWith("{\"seq\":0,"), differ.out());
        assertTrue(differ.out().contains("\"was\":\"ALLOW\""), differ.out());
        assertTrue(differ.out().contains("\"now\":\"DENY\""), differ.out());
    }

    @Test
    void reportIsOneSelfContainedPageThatVerifiesFirst() throws Exception {
        Path html = dir.resolve("report.html");
        Cli report = Cli.run("audit", "report", "--log", log.toString(), "--key",
                keys.resolve("audit-test.pub").toString(), "--out", html.toString());
        assertEquals(0, report.code(), report.toString());
        assertTrue(report.out().contains(": intact; 3 decisions (2 allowed, 1 denied)"), report.out());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.indexOf("data-status=\"intact\"") < page.indexOf("<svg id=\"flows\""), "integrity first");
        assertTrue(page.contains("data-flow=\"CN -&gt; US\""), "flows are escaped");
        assertTrue(page.contains("data-rule=\"cn.pipl/foreign-justice\""));
        assertTrue(page.contains("DSL Art. 36"), "the citation of the denying rule");
        assertFalse(page.contains(" src=") || page.replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"),
                "nothing loaded from elsewhere");
        assertFalse(page.contains("alice"), "no subject id");

        Cli unverified = Cli.run("audit", "report", "--log", log.toString(), "--out", html.toString(), "--json");
        assertEquals(0, unverified.code(), unverified.toString());
        assertTrue(unverified.out().contains("\"integrity\":\"not-verified\""), unverified.out());
        assertTrue(Files.readString(html).contains("data-status=\"unverified\""));

        List<String> lines = new ArrayList<>(Files.readAllLines(segment()));
        lines.set(1, lines.get(1).replace("foreign-judicial", "commercial"));
        Files.write(segment(), lines);
        Cli tampered = Cli.run("audit", "report", "--log", log.toString(), "--key",
                keys.resolve("audit-test.pub").toString(), "--out", html.toString());
        assertEquals(1, tampered.code(), tampered.toString());
        assertTrue(Files.readString(html).contains("data-status=\"tampered\""));
    }

    @Test
    void reportEscapesEverythingFromTheLog() {
        AuditReport r = new AuditReport();
        r.logs.add(new AuditReport.Log("<script>alert('x')</script>", null));
        r.flows.put("<b>", new java.util.TreeMap<>(Map.of("\"&\"", new long[] {1, 1})));
        r.decisions = 2;
        AuditReport.RuleDenials d = new AuditReport.RuleDenials();
        d.because = "</td><i>";
        d.source = "<src>";
        d.denied = 1;
        r.denials.put("<p>/<r>", d);
        String page = r.render("<now>");
        String markup = page.substring(0, page.indexOf("<script>"));
        assertFalse(markup.contains("<script>alert"), page);
        assertFalse(markup.contains("<b>") || markup.contains("<i>") || markup.contains("<src>"), page);
        assertTrue(markup.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
        assertTrue(markup.contains("data-flow=\"&lt;b&gt; -&gt; &quot;&amp;&quot;\""), page);
    }

    @Test
    void checkWithAuditNeedsAKey() throws Exception {
        Path input = Files.writeString(dir.resolve("one.json"), DOMESTIC);
        Cli noKey = Cli.run("check", "--policies", policies, "--audit", dir.resolve("log2").toString(),
                input.toString());
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("--audit needs --key"), noKey.err());
        Cli ids = Cli.run("check", "--policies", policies, "--audit", dir.resolve("log3").toString(), "--key",
                keys.resolve("audit-test.key").toString(), Files.writeString(dir.resolve("ids.json"), ALLOWED).toString());
        assertEquals(2, ids.code(), ids.toString());
        assertTrue(ids.err().contains("no pseudonym key"), ids.err());
        assertFalse(ids.err().contains("alice"), ids.err());
    }

    @Test
    void aBackDatedTransferIsRefusedWhenItIsRecordedAndAnsweredWhenItIsNot() throws Exception {
        String backDated = ALLOWED.replace(TODAY, "2025-04-07");
        Path input = Files.writeString(dir.resolve("back.jsonl"), backDated + "\n");
        Cli audited = Cli.run("check", "--policies", policies, "--audit", dir.resolve("log4").toString(), "--key",
                keys.resolve("audit-test.key").toString(), "--origin", "test.example/audit", input.toString());
        assertEquals(2, audited.code(), audited.toString());
        assertTrue(audited.err().contains("\"date\" must be today"), audited.toString());
        assertEquals(1, audited.err().strip().lines().count(), audited.toString());
        Cli whatIf = Cli.run("check", "--policies", policies, input.toString());
        assertEquals(0, whatIf.code(), "without an audit log, any day may be asked about: " + whatIf);
    }
}
