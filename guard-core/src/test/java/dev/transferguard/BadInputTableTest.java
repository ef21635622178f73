package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.KeyFormatException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.RecordParser;
import dev.transferguard.internal.json.TransferJsonReader;
import dev.transferguard.policy.BundleSignature;
import dev.transferguard.policy.BundleSignatureException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.PolicyException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input table of {@code docs/security.md}: one test per row, each feeding one kind of malformed or
 * hostile input to the part that reads it and checking what the table says happens. The last test checks
 * that the table and this class name the same tests.
 */
class BadInputTableTest {

    static final String GOOD = """
            {"action":"transfer","date":"2026-03-01","origin":"CN","destination":"SG",
             "categories":["personal.contact"],
             "subjects":{"residence":["CN"],"citizenship":["CN"],"count":60000},
             "recipient":{"name":"acme-sg","kind":"commercial","jurisdiction":"SG","coveredPerson":false},
             "bases":["separate-consent"]}
            """;

    @TempDir
    Path dir;

    /** Reads a transfer file's text and returns the refusal's message. */
    private static String refusedJson(String text) {
        return assertThrows(InvalidTransferException.class, () -> TransferJsonReader.parseAll(text, "t.json"))
                .getMessage();
    }

    private static String refusedDecision(String text) {
        Transfer t = TransferJsonReader.read(text, "t.json");
        return assertThrows(InvalidTransferException.class,
                () -> Guard.builder().policies(AuditFixtures.POLICIES).build().decide(t)).getMessage();
    }

    private static PolicyException refusedPolicy(String text) {
        return assertThrows(PolicyException.class,
                () -> PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY, "bad.guard", text)));
    }

    private static CheckpointException.Fault refusedNote(byte[] note) {
        return assertThrows(CheckpointException.class,
                () -> Checkpoint.verify(note, List.of(AuditFixtures.key().verifierKey()))).fault();
    }

    private static String signedNote() {
        return new Checkpoint(AuditFixtures.ORIGIN, 3, new byte[32]).sign(AuditFixtures.key());
    }

    // ---- transfers (JSON) ------------------------------------------------------------------------------

    @Test
    void truncatedJson() {
        String m = refusedJson(GOOD.substring(0, GOOD.indexOf("\"subjects\"") + 12));
        assertTrue(m.startsWith("t.json:3:"), m);
    }

    @Test
    void emptyInput() {
        assertTrue(refusedJson("").startsWith("t.json:"));
        assertTrue(refusedJson(" \n\t\n").startsWith("t.json:"));
    }

    @Test
    void trailingGarbageAfterTheObject() {
        String m = refusedJson(GOOD.strip() + " {\"again\":1}");
        assertTrue(m.startsWith("t.json:5:"), m);
    }

    @Test
    void hugeNumberAsCount() {
        String m = refusedJson(GOOD.replace("60000", "123456789012345678901234567890"));
        assertTrue(m.contains("\"count\" must be"), m);
        assertTrue(refusedJson(GOOD.replace("60000", "1e400")).contains("\"count\""));
    }

    @Test
    void countNearTwoToTheSixtyThree() {
        // Once allowed, it wrapped a volume counter negative, and later bulk exports skipped their tier.
        String m = refusedJson(GOOD.replace("60000", "9223372036854775807"));
        assertTrue(m.contains("\"count\" must be at most 10000000000"), m);
        assertTrue(refusedJson(GOOD.replace("60000", "10000000001")).contains("at most 10000000000"));
    }

    @Test
    void transferDatedAnotherDayWhenEnforcedOrRecorded() {
        Transfer t = TransferJsonReader.read(GOOD, "t.json");
        Guard guard = Guard.builder().policies(AuditFixtures.POLICIES).build();
        String m = assertThrows(InvalidTransferException.class, () -> guard.enforce(t)).getMessage();
        assertTrue(m.startsWith("\"date\" must be today ("), m);
        assertTrue(m.contains("was 2026-03-01"), m);
        guard.preview(t);
    }

    @Test
    void numberOfAThousandDigits() {
        String m = refusedJson(GOOD.replace("60000", "9".repeat(1000)));
        assertTrue(m.startsWith("t.json:3:"), m);
        assertTrue(m.length() < 400, "the number is not echoed whole: " + m.length());
    }

    @Test
    void negativeCount() {
        assertTrue(refusedJson(GOOD.replace("60000", "-5")).contains("\"count\" must be"));
    }

    @Test
    void fractionalCount() {
        assertTrue(refusedJson(GOOD.replace("60000", "1.5")).contains("\"count\" must be"));
    }

    @Test
    void countOfTheWrongTypeIsDescribedNotEchoed() {
        String m = refusedJson(GOOD.replace("60000", "\"" + "many ".repeat(400) + "\""));
        assertTrue(m.contains("\"count\" must be"), m);
        assertTrue(m.length() < 300, "clipped: " + m);
    }

    @Test
    void unknownJurisdictionCode() {
        String m = refusedDecision(GOOD.replace("\"destination\":\"SG\"", "\"destination\":\"XX\""));
        assertTrue(m.contains("'XX'"), m);
    }

    @Test
    void jurisdictionCodeInLowerCase() {
        assertTrue(refusedJson(GOOD.replace("\"origin\":\"CN\"", "\"origin\":\"cn\"")).contains("\"origin\" must be"));
    }

    @Test
    void unknownCategory() {
        String m = refusedDecision(GOOD.replace("personal.contact", "personal.contct"));
        assertTrue(m.contains("unknown category 'personal.contct'") && m.contains("did you mean 'personal.contact'"),
                m);
    }

    @Test
    void unknownLegalBasis() {
        String m = refusedDecision(GOOD.replace("separate-consent", "seperate-consent"));
        assertTrue(m.contains("unknown legal basis 'seperate-consent'"), m);
    }

    @Test
    void blankLegalBasisName() {
        String m = refusedJson(GOOD.replace("[\"separate-consent\"]", "[\" \"]"));
        assertTrue(m.startsWith("t.json:5:") && m.contains("entries of \"bases\" must be"), m);
        assertTrue(refusedJson(GOOD.replace("[\"separate-consent\"]", "[{\"name\":\"\\t\"}]")).startsWith("t.json:5:"));
    }

    @Test
    void unknownKey() {
        String m = refusedJson(GOOD.replace("\"action\"", "\"destinaton\":\"US\",\"action\""));
        assertTrue(m.contains("destinaton"), m);
    }

    @Test
    void duplicatedKeys() {
        String m = refusedJson(GOOD.replace("\"action\":\"transfer\"", "\"destination\":\"US\",\"action\":\"transfer\""));
        assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains("duplicate"), m);
    }

    @Test
    void impossibleDate() {
        assertTrue(refusedJson(GOOD.replace("2026-03-01", "2026-02-30")).contains("\"date\""));
    }

    @Test
    void deepNesting() {
        String deep = "{\"action\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String m = refusedJson(deep);
        assertTrue(m.startsWith("t.json:1:"), m);
    }

    @Test
    void tenMegabyteLine() {
        String m = refusedJson(GOOD.replace("\"transfer\"", "\"" + "x".repeat(10 << 20) + "\""));
        assertTrue(m.startsWith("t.json:1:"), m.substring(0, Math.min(200, m.length())));
        assertTrue(m.length() < 400, "the value is not echoed: " + m.length());
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = GOOD.replace("acme-sg", "acme\u00e9sg").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, (byte) 0xC3);
        bytes[at + 1] = (byte) 0x28;
        String m = assertThrows(InvalidTransferException.class, () -> TransferJsonReader.utf8(bytes, "t.json"))
                .getMessage();
        assertTrue(m.startsWith("t.json:4:"), m);
    }

    @Test
    void encodedSurrogatesAndOverlongUtf8() {
        for (byte[] bad : List.of(new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'},
                new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'}, new byte[] {'{', (byte) 0xFF, '}'})) {
            assertThrows(InvalidTransferException.class, () -> TransferJsonReader.utf8(bad, "t.json"));
        }
    }

    @Test
    void controlCharactersInNames() {
        for (String c : List.of("\\u0000", "\\u001b[31m", "\\u007f", "\\u0085")) {
            String m = refusedJson(GOOD.replace("\"acme-sg\"", "\"acme" + c + "\""));
            assertTrue(m.contains("\"name\" must not hold control or bidirectional formatting characters"), m);
        }
        assertTrue(refusedJson(GOOD.replace("\"acme-sg\"", "\"acme\u0007\"")).startsWith("t.json:4:"),
                "a raw control character is not JSON");
    }

    @Test
    void invisibleOrLookAlikeCharactersInARecipientName() {
        // Each of these once started a fresh per-counterparty counter for the same counterparty.
        for (String c : List.of("\\u200b", "\\u00ad", "\\u2028", "\\ufeff", "\\u2066")) {
            String m = refusedJson(GOOD.replace("\"acme-sg\"", "\"ac" + c + "me-sg\""));
            assertTrue(m.startsWith("t.json:4:") && m.contains("\"name\" must not hold"), m);
        }
        String m = refusedJson(GOOD.replace("\"acme-sg\"", "\"\\u0430cme-sg\""));
        assertTrue(m.contains("mixes scripts whose letters look alike"), m);
    }

    @Test
    void anotherSpellingOfTheSameRecipient() {
        for (String variant : List.of("ACME-SG", " acme-sg ", "Acme-Sg", "\\uff41cme-sg")) {
            Transfer t = TransferJsonReader.read(GOOD.replace("\"acme-sg\"", "\"" + variant + "\""), "t.json");
            assertEquals("acme-sg", t.recipient().name(), variant);
        }
    }

    @Test
    void bidirectionalOverridesInNames() {
        String m = refusedJson(GOOD.replace("\"acme-sg\"", "\"acme\\u202egs\""));
        assertTrue(m.contains("found U+202E"), m);
    }

    @Test
    void badLineDeepInJsonLines() {
        String line = GOOD.replace("\n", "");
        String text = (line + "\n").repeat(999) + line.replace("60000", "-1") + "\n";
        assertTrue(refusedJson(text).startsWith("t.json:1000:"));
    }

    @Test
    void subjectIdsAreNeverEchoed() {
        String m = refusedJson(GOOD.replace("\"count\":60000", "\"count\":-1,\"ids\":[\"ID-110101199003077777\"]"));
        assertFalse(m.contains("110101199003077777"), m);
    }

    // ---- policies --------------------------------------------------------------------------------------

    @Test
    void policyFileOfTenMegabytes() throws IOException {
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("big.guard"), "# comment\n".repeat(1 << 20));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertEquals(p + "/big.guard: policy file is larger than 4 MiB", e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void fifoInPlaceOfAPolicyFileOrTheBundleSignature() throws Exception {
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        dev.transferguard.policy.PolicyFilesTest.mkfifo(p.resolve(".bundle.sig"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().startsWith(p.resolve(".bundle.sig") + ": not a regular file"), e.getMessage());
        Files.delete(p.resolve(".bundle.sig"));
        dev.transferguard.policy.PolicyFilesTest.mkfifo(p.resolve("fifo.guard"));
        e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().startsWith(p.resolve("fifo.guard") + ": not a regular file"), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void linkToDevZeroInThePolicyDirectory() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.createSymbolicLink(p.resolve("zero.guard"), Path.of("/dev/zero"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().contains("is a link to /dev/zero, outside the policy directory"), e.getMessage());
    }

    @Test
    void symlinkLoopInThePolicyDirectory() throws IOException {
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.createSymbolicLink(p.resolve("loop"), p);
        Files.createSymbolicLink(p.resolve("self.guard"), p.resolve("self.guard"));
        PolicyBundle bundle = PolicyBundle.load(p);
        assertEquals(PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY)).digest(), bundle.digest(),
                "links to directories are not followed; a link that resolves to no file is no policy file");
    }

    @Test
    void invalidUtf8InAPolicyFile() throws IOException {
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.write(p.resolve("bad.guard"), new byte[] {'#', ' ', 'o', 'k', '\n', '#', (byte) 0xC3, '(', '\n'});
        assertEquals(p + "/bad.guard:2: policy file is not valid UTF-8",
                assertThrows(GuardException.class, () -> PolicyBundle.load(p)).getMessage());
    }

    @Test
    void deeplyNestedPolicyCondition() {
        String deep = "policy deep \"Deep\"\n  default allow\nrule r deny when " + "(".repeat(100_000) + "true"
                + ")".repeat(100_000) + " because \"x\"\n";
        PolicyException e = refusedPolicy(deep);
        assertTrue(e.getMessage().startsWith("bad.guard:3:"), e.getMessage().substring(0, 200));
    }

    @Test
    void unknownNameInAPolicy() {
        PolicyException e = refusedPolicy(AuditFixtures.PACK.replace("in personal\n", "in personl\n"));
        assertTrue(e.getMessage().contains("unknown category 'personl'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'personal'?"), e.getMessage());
    }

    @Test
    void policyFileOfOnlyErrors() {
        assertEquals(50, refusedPolicy("@\n".repeat(100_000)).diagnostics().size());
    }

    @Test
    void controlCharacterInAPolicyString() {
        PolicyException e = refusedPolicy(AuditFixtures.PACK.replace("\"DSL Art. 36\"", "\"DSL\u001b[2J Art. 36\""));
        assertTrue(e.getMessage().contains("control character U+001B in a string"), e.getMessage());
    }

    @Test
    void unpairedSurrogateInAPolicyString() {
        // Only text given to PolicyBundle.of can hold one: a file is read as strict UTF-8. A pair is one character.
        PolicyException e = refusedPolicy(AuditFixtures.PACK.replace("\"DSL Art. 36\"", "\"DSL\uD800 Art. 36\""));
        assertTrue(e.getMessage().contains("unpaired surrogate U+D800 in a string: the text is not valid Unicode"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.guard:"), e.getMessage());
        assertEquals(1, refusedPolicy(AuditFixtures.PACK.replace("\"DSL Art. 36\"", "\"DSL\uDC00\uD83D\uDE00\""))
                .diagnostics().size());
        PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY, "bad.guard",
                AuditFixtures.PACK.replace("\"DSL Art. 36\"", "\"DSL Art. 36 \uD83D\uDE00\"")));
    }

    @Test
    void unterminatedPolicyString() {
        PolicyException e = refusedPolicy("policy x \"never closed\n  default allow\n");
        assertTrue(e.getMessage().startsWith("bad.guard:1:"), e.getMessage());
    }

    @Test
    void emptyOrMissingPolicyDirectory() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("no policy files (*.guard) in " + empty,
                assertThrows(GuardException.class, () -> PolicyBundle.load(empty)).getMessage());
        assertThrows(GuardException.class, () -> PolicyBundle.load(dir.resolve("missing")));
    }

    @Test
    void pathTraversalInAClasspathIndex() throws IOException {
        Path root = Files.createDirectories(dir.resolve("jar/policies"));
        Files.writeString(root.resolve("index.txt"), "../../etc/secret.guard\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("jar").toUri().toURL()}, null)) {
            GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.fromClasspath("policies", loader));
            assertEquals("policies/index.txt: '../../etc/secret.guard' is not a relative *.guard file name",
                    e.getMessage());
        }
    }

    @Test
    void policyFilesChangedAfterSigning() throws IOException {
        SigningKey key = SigningKey.generate("policy");
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.writeString(p.resolve(BundleSignature.FILE_NAME), BundleSignature.sign(p, List.of(key)));
        Files.writeString(p.resolve("extra.guard"), "category extra \"slipped in\"\n");
        assertEquals(BundleSignatureException.Fault.ALTERED, assertThrows(BundleSignatureException.class,
                () -> PolicyBundle.load(p, List.of(key.verifierKey()))).fault());
    }

    @Test
    void bundleSignatureOfAMegabyte() throws IOException {
        Path p = Files.createDirectories(dir.resolve("p"));
        Files.writeString(p.resolve("vocabulary.guard"), AuditFixtures.VOCABULARY);
        Files.write(p.resolve(BundleSignature.FILE_NAME), new byte[1 << 20]);
        BundleSignatureException e = assertThrows(BundleSignatureException.class,
                () -> PolicyBundle.load(p, List.of(AuditFixtures.key().verifierKey())));
        assertEquals(BundleSignatureException.Fault.MALFORMED, e.fault());
    }

    // ---- checkpoints, audit logs and keys ----------------------------------------------------------------

    @Test
    void checkpointWithAThousandSignatureLines() {
        String note = signedNote();
        String line = note.substring(note.indexOf("\u2014"));
        String many = note + line.repeat(999);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.verify(many.getBytes(StandardCharsets.UTF_8), List.of(AuditFixtures.key()
                        .verifierKey())));
        assertEquals(CheckpointException.Fault.MALFORMED, e.fault());
        assertTrue(e.getMessage().contains("more than 100 signatures"), e.getMessage());
    }

    @Test
    void checkpointOfTwoMegabytes() {
        String note = signedNote();
        String big = note.replaceFirst("\n", "\n" + "x".repeat(2 << 20));
        assertEquals(CheckpointException.Fault.MALFORMED, refusedNote(big.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checkpointWithATreeSizeBeyondALong() {
        String note = signedNote().replaceFirst("\n3\n", "\n99999999999999999999\n");
        assertEquals(CheckpointException.Fault.MALFORMED, assertThrows(CheckpointException.class,
                () -> dev.transferguard.audit.internal.note.CheckpointText.parse(note.substring(0, note.indexOf("\n\n")
                        + 1))).fault());
        assertEquals(CheckpointException.Fault.BAD_SIGNATURE, refusedNote(note.getBytes(StandardCharsets.UTF_8)),
                "and the signature no longer verifies");
    }

    @Test
    void checkpointWithNonCanonicalBase64() {
        String note = signedNote();
        String root = note.split("\n")[2];
        String padded = note.replace(root, root.substring(0, root.length() - 2) + "B=");
        assertEquals(CheckpointException.Fault.MALFORMED, assertThrows(CheckpointException.class,
                () -> dev.transferguard.audit.internal.note.CheckpointText.parse(padded.substring(0,
                        padded.indexOf("\n\n") + 1))).fault());
    }

    @Test
    void checkpointSignedOnlyByUnknownKeys() {
        String note = new Checkpoint(AuditFixtures.ORIGIN, 3, new byte[32]).sign(SigningKey.generate("stranger"));
        assertEquals(CheckpointException.Fault.UNKNOWN_KEY, refusedNote(note.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checkpointFileOfTenMegabytesInALog() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Files.write(log.resolve("checkpoint"), new byte[10 << 20]);
        AuditException e = assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open());
        assertTrue(e.getMessage().contains("too large for a checkpoint"), e.getMessage());
    }

    @Test
    void auditLineOfTenMegabytesAfterTheLastCheckpoint() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Path segment = log.resolve("00000000000000000000.jsonl");
        Files.write(segment, ("{\"origin\":\"" + "x".repeat(10 << 20) + "\"}\n").getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        try (AuditLog reopened = AuditFixtures.builder(log).open()) {
            assertEquals(4, reopened.size(), "3 records and the recovery record that says what was cut");
        }
        AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(log);
        assertTrue(v.intact(), String.valueOf(v.fault()));
    }

    @Test
    void auditLineEditedInsideTheSignedRange() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Path segment = log.resolve("00000000000000000000.jsonl");
        Files.writeString(segment, Files.readString(segment).replaceFirst("\"count\":10", "\"count\":1"));
        AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(log);
        assertFalse(v.intact());
        assertEquals(0, v.fault().seq());
        assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open(), "a tampered log is not opened");
    }

    private static AuditVerification verifyLog(Path log) {
        return AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(log);
    }

    private static boolean mkfifo(Path path) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Timeout(60)
    void fifoInPlaceOfAnAuditLogFile() throws Exception {
        for (String name : List.of("checkpoint", "00000000000000000000.jsonl", "checkpoints/00000000000000000003")) {
            Path log = dir.resolve("log-" + name.length());
            AuditFixtures.writeLog(log, 3, 3);
            Files.delete(log.resolve(name));
            Assumptions.assumeTrue(mkfifo(log.resolve(name)), "no mkfifo on this system: FIFOs not tried");
            String m = assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open()).getMessage();
            assertTrue(m.contains(name + " is a FIFO, socket or device, not a regular file"), m);
            m = assertThrows(AuditException.class, () -> verifyLog(log)).getMessage();
            assertTrue(m.contains("not a regular file"), m);
        }
    }

    @Test
    @Timeout(60)
    void linkToDevZeroInAnAuditLog() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Files.delete(log.resolve("checkpoint"));
        Files.createSymbolicLink(log.resolve("checkpoint"), Path.of("/dev/zero"));
        String m = assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open()).getMessage();
        assertTrue(m.contains("checkpoint is a link, not a regular file"), m);
        assertThrows(AuditException.class, () -> verifyLog(log));
        Files.delete(log.resolve("checkpoint"));
        Files.createSymbolicLink(log.resolve("99999999999999999999.jsonl"), Path.of("/dev/zero"));
        assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open());
        assertThrows(AuditException.class, () -> verifyLog(log));
    }

    @Test
    @Timeout(120)
    void auditLineOverTheLineLimitAfterTheLastCheckpoint() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Path segment = log.resolve("00000000000000000000.jsonl");
        long size = Files.size(segment);
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) 'x');
        try (var out = Files.newOutputStream(segment, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 40; i++) {
                out.write(block);
            }
            out.write('\n');
        }
        assertTrue(verifyLog(log).intact(), "an unsigned line, read in part");
        try (AuditLog reopened = AuditFixtures.builder(log).open()) {
            assertEquals(4, reopened.size(), "3 records and the recovery record that says what was cut");
        }
        String recovery = AuditFixtures.lines(log).get(3);
        assertTrue(recovery.contains("\"offset\":" + size + ",\"bytes\":41943041,\"lines\":1,\"reason\":\"too-long\""),
                recovery);
        assertTrue(verifyLog(log).intact());
    }

    @Test
    @Timeout(120)
    void floodOfNewlinesAfterTheLastCheckpoint() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 3, 3);
        Path segment = log.resolve("00000000000000000000.jsonl");
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) '\n');
        try (var out = Files.newOutputStream(segment, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 32; i++) {
                out.write(block);
            }
        }
        AuditVerification v = verifyLog(log);
        assertTrue(v.intact(), String.valueOf(v.fault()));
        try (AuditLog reopened = AuditFixtures.builder(log).open()) {
            assertEquals(4, reopened.size());
        }
        assertTrue(AuditFixtures.lines(log).get(3).contains("\"lines\":33554432,\"reason\":\"not-a-record\""));
        assertTrue(verifyLog(log).intact());
    }

    @Test
    void keptCheckpointUnderTheNameOfAnotherSize() throws IOException {
        Path log = dir.resolve("log");
        AuditFixtures.writeLog(log, 6, 3);
        Path kept = log.resolve("checkpoints");
        Files.move(kept.resolve("00000000000000000003"), kept.resolve("00000000000000000009"));
        String m = assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open()).getMessage();
        assertTrue(m.contains("checkpoints/00000000000000000009 holds the checkpoint of size 3"), m);
        AuditVerification v = verifyLog(log);
        assertEquals(AuditFault.Kind.MALFORMED_CHECKPOINT, v.fault().kind());
    }

    @Test
    void unsignedTailLongerThanItsWriterLeaves() throws IOException {
        Path log = dir.resolve("log");
        try (AuditLog l = AuditFixtures.builder(log).checkpointEvery(1, java.time.Duration.ofHours(1))
                .queueCapacity(1).open()) {
            for (int i = 0; i < 20; i++) {
                l.append(AuditFixtures.allowed(10), AuditFixtures.decide(AuditFixtures.allowed(10)));
            }
        }
        // The later checkpoints taken away: twenty records after the genesis checkpoint, where at most 5 can be.
        Path kept = log.resolve("checkpoints");
        try (var files = Files.list(kept)) {
            for (Path p : files.filter(p -> !p.endsWith("00000000000000000000")).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(kept.resolve("00000000000000000000"), log.resolve("checkpoint"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String m = assertThrows(AuditException.class, () -> AuditFixtures.builder(log).open()).getMessage();
        assertTrue(m.contains("the unsigned tail holds 20 lines, more than the 5"), m);
        AuditVerification v = verifyLog(log);
        assertEquals(AuditFault.Kind.UNSIGNED_TAIL, v.fault().kind());
        assertEquals(0, v.fault().seq());
    }

    @Test
    void auditRecordWhoseReasonLacksItsKind() {
        String line = "{\"origin\":\"o\",\"seq\":0,\"time\":\"2026-03-01T00:00:00Z\",\"kind\":\"decision\","
                + "\"decision\":{\"decision\":\"ALLOW\",\"reasons\":[{\"pack\":\"p\",\"rule\":\"r\"}],"
                + "\"policyDigest\":\"sha256:00\"}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordParser.parse(line, "log.jsonl:1"));
        assertEquals("log.jsonl:1: not a record of the audit log: an entry of 'reasons' has no 'kind'",
                e.getMessage());
    }

    @Test
    void auditRecordWithASequenceNumberBeyondALong() {
        String line = "{\"origin\":\"o\",\"seq\":99999999999999999999,\"time\":\"2026-03-01T00:00:00Z\","
                + "\"kind\":\"decision\"}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordParser.parse(line, "log.jsonl:7"))
                .getMessage().startsWith("log.jsonl:7: not a record of the audit log"));
    }

    @Test
    void keyFileOfAMegabyte() throws IOException {
        Path key = Files.write(dir.resolve("big.key"), new byte[1 << 20]);
        assertEquals(key + ": 1048576 bytes is too large for a key file",
                assertThrows(KeyFormatException.class, () -> SigningKey.readPem(key)).getMessage());
    }

    @Test
    void encryptedPemKey() throws IOException {
        Path key = Files.writeString(dir.resolve("enc.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        String m = assertThrows(KeyFormatException.class, () -> SigningKey.readPem(key)).getMessage();
        assertTrue(m.endsWith("(encrypted keys are not supported)"), m);
    }

    @Test
    void verifierKeyWithTheWrongKeyId() {
        String good = AuditFixtures.key().verifierKey().format();
        int first = good.indexOf('+');
        String wrong = good.substring(0, first) + "+00000000" + good.substring(good.indexOf('+', first + 1));
        String m = assertThrows(KeyFormatException.class, () -> VerifierKey.parse(wrong)).getMessage();
        assertTrue(m.contains("does not match the name and key"), m);
    }

    @Test
    void keyNameWithSpacesOrPlus() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.generate("two words"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.generate("a+b"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.generate(""));
    }

    // ---- facts left out and coarse categories (MissingFactsTest has the attacks one by one) ------------

    private static final String BROKERAGE = """
            {"date":"2026-03-01","origin":"US","destination":"CN","categories":["personal.sensitive.health"],
             "subjects":{"residence":["US"],"count":50000},
             "recipient":{"name":"broker-cn","kind":"commercial"},"transaction":"data-brokerage"}
            """;

    private static Decision shipped(String json) {
        return Guard.builder().policies(PolicyBundle.load(Repository.file("policies"))).build()
                .decide(TransferJsonReader.read(json, "t.json"));
    }

    @Test
    void coarseCategoryInsteadOfItsChild() {
        Decision d = shipped(BROKERAGE.replace("personal.sensitive.health", "personal.sensitive")
                .replace("50000", "101"));
        assertEquals(Outcome.DENY, d.outcome(), d::explain);
        assertTrue(d.reasons().stream().anyMatch(r -> r.rule().equals("prohibited-omic")), d::explain);
    }

    @Test
    void factsLeftOutAreTheirWorstCase() {
        assertEquals(Outcome.DENY, shipped(BROKERAGE.replace("\"residence\":[\"US\"],", "")).outcome());
        assertEquals(Outcome.DENY, shipped(BROKERAGE.replace(",\"transaction\":\"data-brokerage\"", "")).outcome());
        assertEquals(Outcome.ALLOW, shipped(BROKERAGE.replace("data-brokerage", "other")).outcome());
    }

    @Test
    void standingFactsLeftOutAreTheirWorstCase() {
        String toSingapore = BROKERAGE.replace("\"CN\"", "\"SG\"").replace("broker-cn", "broker-sg")
                .replace("\"transaction\"", "\"bases\":[\"onward-transfer-contract\"],\"transaction\"");
        assertEquals(Outcome.DENY, shipped(toSingapore).outcome());
        assertEquals(Outcome.ALLOW, shipped(toSingapore.replace("\"kind\":\"commercial\"",
                "\"kind\":\"commercial\",\"coveredPerson\":false")).outcome());
        String store = """
                {"action":"store","date":"2026-03-01","origin":"CN","destination":"SG","categories":["personal.contact"],
                 "subjects":{"residence":["CN"],"count":10},"recipient":{"name":"acme-sg","kind":"commercial"},
                 "bases":["separate-consent","pipia"]}
                """;
        assertEquals(Outcome.DENY, shipped(store).outcome());
        assertEquals(Outcome.ALLOW, shipped(store.replace("\"bases\"", "\"entity\":{\"ciio\":false},\"bases\""))
                .outcome());
    }

    @Test
    void transfersDatedBeforeAnAlreadyCountedDay() {
        PolicyBundle people = PolicyBundle.of(Map.of("v.guard", "bundle default allow\ncategory personal \"p\"\n",
                "p.guard", """
                        policy p "p"
                          default allow
                        counter people = distinct subjects per calendar-year
                        rule many
                          deny when count(people) > 3
                          because "x"
                        """));
        List<Transfer> newestFirst = new ArrayList<>();
        for (int day = 3; day >= 1; day--) {
            newestFirst.add(person(day, "id-" + day));
        }
        Guard guard = Guard.builder().policies(people).history(newestFirst).build();
        assertEquals(Outcome.DENY, guard.preview(person(4, "id-4")).outcome(), "a fourth person this year");
        assertEquals(Outcome.ALLOW, guard.preview(person(4, "id-1")).outcome(), "the first one again");
    }

    private static Transfer person(int day, String id) {
        return Transfer.builder().date(java.time.LocalDate.of(2026, 3, day)).origin("DE").destination("US")
                .categories("personal").subjects(new Subjects(List.of("DE"), List.of(), 1, List.of(id))).build();
    }

    @Test
    void missingSubjectCount() {
        String message = assertThrows(InvalidTransferException.class,
                () -> shipped(BROKERAGE.replace(",\"count\":50000", ""))).getMessage();
        assertTrue(message.contains("subjects.count is missing"), message);
    }

    // ---- the table -------------------------------------------------------------------------------------

    /** A row of the table: {@code | ... | ... | `BadInputTableTest#name` |}. */
    private static final Pattern ROW = Pattern.compile("^\\|.*`BadInputTableTest#([A-Za-z0-9]+)`\\s*\\|\\s*$");

    @Test
    void hostWildcardOverAPublicSuffix() {
        String m = assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("GB", "*.co.uk"))
                .getMessage();
        assertTrue(m.contains("public suffix 'co.uk'"), m);
    }

    @Test
    void malformedHostRange() {
        String m = assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "10.1.2.3/16"))
                .getMessage();
        assertTrue(m.contains("did you mean 10.1.0.0/16?"), m);
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "10.0.0.0/33"));
    }

    @Test
    void everyRowOfTheTableNamesATestOfThisClassAndEveryTestHasARow() throws IOException {
        List<String> lines = Files.readAllLines(Repository.file("docs/security.md"));
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(m.group(1));
            }
        }
        Set<String> tests = Arrays.stream(BadInputTableTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName)
                .filter(n -> !n.equals("everyRowOfTheTableNamesATestOfThisClassAndEveryTestHasARow"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(rows.size() >= 30, "at least 30 rows: " + rows.size());
        assertEquals(rows.size(), new TreeSet<>(rows).size(), "no test backs two rows: " + rows);
        assertEquals(tests, new TreeSet<>(rows), "the table's rows and this class's tests");
    }

    private static int indexOf(byte[] haystack, byte b) {
        for (int i = 0; i < haystack.length; i++) {
            if (haystack[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
