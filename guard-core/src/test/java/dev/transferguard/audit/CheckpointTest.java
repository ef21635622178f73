package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.CheckpointException.Fault;
import dev.transferguard.audit.internal.note.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    /** The root of the RFC 6962 reference tree at size 5. */
    private static final byte[] ROOT = HexFormat.of()
            .parseHex("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4");
    private static final String BODY = "example.com/audit\n5\nTju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=\n";
    /** Signed outside Java: openssl pkeyutl -sign -rawin with the RFC 8032 test 1 key over BODY. */
    private static final String GOLDEN = BODY + "\n\u2014 example.com/audit V4QKDFDIhmIu7damtErkNZDD/Qmd64HLrszUx0hxP35dBs"
            + "nBkfGoZrGUyMwB0z8IUoJM4Iju7qBv5hw97uzX32gafQ8=\n";

    @TempDir
    Path dir;

    private SigningKey rfc8032;
    private final SigningKey oldKey = SigningKey.generate("example.com/audit-2025");
    private final SigningKey newKey = SigningKey.generate("example.com/audit-2026");
    private final Checkpoint checkpoint = new Checkpoint("example.com/audit", 5, ROOT);

    @BeforeEach
    void readKnownKey() throws IOException {
        rfc8032 = SigningKeyTest.rfc8032Key(dir);
    }

    @Test
    void writesTheGoldenTextFormat() {
        assertEquals(BODY, checkpoint.body());
        assertEquals(GOLDEN, checkpoint.sign(rfc8032));
    }

    @Test
    void verifiesTheGoldenNote() {
        VerifiedCheckpoint verified = Checkpoint.verify(GOLDEN, List.of(VerifierKey.parse(SigningKeyTest.RFC8032_VERIFIER_KEY)));
        assertEquals(checkpoint, verified.checkpoint());
        assertEquals(List.of(rfc8032.verifierKey()), verified.verifiedBy());
        assertEquals(List.of(), verified.unknownSigners());
        assertEquals("Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=", verified.checkpoint().rootHashBase64());
    }

    @Test
    void roundTripsWithExtensionLines() {
        Checkpoint withExtensions = new Checkpoint("log.example/a", 0, new byte[32], List.of("ext one", "— x y"));
        String note = withExtensions.sign(newKey);
        assertTrue(note.startsWith("log.example/a\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next one\n— x y\n\n— "));
        assertEquals(withExtensions, Checkpoint.verify(note, List.of(newKey.verifierKey())).checkpoint());
    }

    @Test
    void signsWithTwoKeysDuringARotation() {
        String note = checkpoint.sign(List.of(oldKey, newKey));
        assertEquals(2, note.lines().filter(line -> line.startsWith("\u2014 ")).count(), note);

        VerifiedCheckpoint onlyNew = Checkpoint.verify(note, List.of(newKey.verifierKey()));
        assertEquals(List.of(newKey.verifierKey()), onlyNew.verifiedBy());
        assertEquals(List.of(oldKey.verifierKey().name() + "+" + oldKey.verifierKey().keyIdHex()),
                onlyNew.unknownSigners());

        VerifiedCheckpoint both = Checkpoint.verify(note, Set.of(newKey.verifierKey(), oldKey.verifierKey()));
        assertEquals(List.of(oldKey.verifierKey(), newKey.verifierKey()), both.verifiedBy());
        assertEquals(List.of(), both.unknownSigners());
    }

    @Test
    void aChangedBodyIsABadSignature() {
        String note = checkpoint.sign(List.of(oldKey, newKey));
        CheckpointException e = fails(note.replace("\n5\n", "\n6\n"), Fault.BAD_SIGNATURE, newKey);
        assertEquals(6, e.line());
        assertEquals(newKey.name(), e.keyName().orElseThrow());
        assertTrue(e.getMessage().contains(newKey.name()), e.getMessage());

        String signature = GOLDEN.substring(GOLDEN.lastIndexOf(' ') + 1, GOLDEN.length() - 1);
        byte[] raw = Base64.getDecoder().decode(signature);
        raw[40] ^= 1;
        String flipped = GOLDEN.replace(signature, Base64.getEncoder().encodeToString(raw));
        assertEquals(rfc8032.name(), fails(flipped, Fault.BAD_SIGNATURE, rfc8032).keyName().orElseThrow());
        byte[] shorter = java.util.Arrays.copyOf(raw, 60);
        fails(GOLDEN.replace(signature, Base64.getEncoder().encodeToString(shorter)), Fault.BAD_SIGNATURE, rfc8032);
    }

    @Test
    void aNoteByNoTrustedKeyIsUnknownKey() {
        String note = checkpoint.sign(oldKey);
        CheckpointException e = fails(note, Fault.UNKNOWN_KEY, newKey);
        assertEquals(oldKey.name(), e.keyName().orElseThrow());
        assertTrue(e.getMessage().contains(oldKey.name()) && e.getMessage().contains(oldKey.verifierKey().keyIdHex()),
                e.getMessage());
        // Same name, another key: the key id tells them apart.
        SigningKey impostor = SigningKey.generate(oldKey.name());
        assertEquals(Fault.UNKNOWN_KEY, fails(checkpoint.sign(impostor), Fault.UNKNOWN_KEY, oldKey).fault());
        assertEquals(Fault.UNKNOWN_KEY, assertThrows(CheckpointException.class,
                () -> Checkpoint.verify(note, List.of())).fault());
    }

    @Test
    void rejectsMalformedNotes() {
        String signatureLine = GOLDEN.substring(GOLDEN.indexOf('\u2014'));
        malformed(GOLDEN.substring(0, GOLDEN.length() - 1), 5, "does not end with a newline");
        malformed(BODY + signatureLine, 0, "no blank line");
        malformed(BODY + "\n", 5, "no signature lines");
        malformed(GOLDEN.replace("\u2014 ", "- "), 5, "must start with");
        malformed(GOLDEN.replace("\u2014 example.com/audit ", "\u2014 example.com/audit"), 5, "key name and a signature");
        malformed(GOLDEN.replace("Q8=\n", "Q8\n"), 5, "not canonical base64");
        malformed(BODY + "\n\u2014 k AAAA\n", 5, "too short");
        malformed(GOLDEN.replace("\n", "\r\n"), 1, "control character U+000D");
        malformed(GOLDEN.replace("5\n", "5\t\n"), 2, "control character U+0009");
        malformed("x".repeat(5000) + GOLDEN, 1, "longer than 4096");

        StringBuilder many = new StringBuilder(BODY).append('\n');
        for (int i = 0; i < 101; i++) {
            many.append(signatureLine);
        }
        malformed(many.toString(), 105, "more than 100 signatures");
        String hundred = many.substring(0, many.length() - signatureLine.length());
        assertEquals(checkpoint, Checkpoint.verify(hundred, List.of(rfc8032.verifierKey())).checkpoint());

        byte[] notUtf8 = GOLDEN.getBytes(StandardCharsets.UTF_8);
        notUtf8[BODY.indexOf('5')] = (byte) 0xC3;
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.verify(notUtf8, List.of(rfc8032.verifierKey())));
        assertEquals(Fault.MALFORMED, e.fault());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void rejectsMalformedCheckpointBodies() {
        String root = "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=";
        signedMalformed("o\n05\n" + root + "\n", 2, "leading zeros");
        signedMalformed("o\n+5\n" + root + "\n", 2, "without sign");
        signedMalformed("o\n-5\n" + root + "\n", 2, "without sign");
        signedMalformed("o\n5 \n" + root + "\n", 2, "decimal");
        signedMalformed("o\n0x5\n" + root + "\n", 2, "decimal");
        signedMalformed("o\n9223372036854775808\n" + root + "\n", 2, "too large");
        signedMalformed("o\n5\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n", 3, "31 bytes");
        signedMalformed("o\n5\n" + Base64.getEncoder().encodeToString(new byte[33]) + "\n", 3, "33 bytes");
        signedMalformed("o\n5\n" + root.replace("=", "") + "\n", 3, "not canonical base64");
        signedMalformed("o\n5\n" + root.replace("NQ=", "NR=") + "\n", 3, "not canonical base64");
        signedMalformed("o\n5\n", 3, "needs an origin, a tree size and a root hash");
        signedMalformed("o\n\n5\n" + root + "\n", 2, "empty line");
        signedMalformed("\no\n5\n" + root + "\n", 1, "empty line");
        assertEquals(Long.MAX_VALUE, Checkpoint.verify(SignedNote.sign("o\n9223372036854775807\n" + root + "\n",
                List.of(newKey)), List.of(newKey.verifierKey())).checkpoint().treeSize());
    }

    @Test
    void checkpointValuesAreCheckedAndCopied() {
        byte[] root = ROOT.clone();
        Checkpoint c = new Checkpoint("o", 1, root);
        root[0] ^= 1;
        assertArrayEquals(ROOT, c.rootHash());
        c.rootHash()[0] ^= 1;
        assertArrayEquals(ROOT, c.rootHash());
        assertEquals(new Checkpoint("o", 1, ROOT), c);
        assertEquals(new Checkpoint("o", 1, ROOT).hashCode(), c.hashCode());
        assertNotEquals(new Checkpoint("o", 2, ROOT), c);
        assertTrue(c.toString().contains(HexFormat.of().formatHex(ROOT)));

        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("", 1, ROOT));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 1, ROOT));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", -1, ROOT));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, ROOT, List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, ROOT, List.of("a\rb")));
    }

    @Test
    void signingNeedsOneToAHundredDistinctKeys() {
        assertThrows(IllegalArgumentException.class, () -> checkpoint.sign(List.of()));
        assertThrows(IllegalArgumentException.class, () -> checkpoint.sign(List.of(newKey, newKey)));
        List<SigningKey> tooMany = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> SigningKey.generate("k" + i)).toList();
        assertThrows(IllegalArgumentException.class, () -> checkpoint.sign(tooMany));
        assertFalse(checkpoint.sign(tooMany.subList(0, 100)).isEmpty());
    }

    private CheckpointException fails(String note, Fault fault, SigningKey trusted) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.verify(note, List.of(trusted.verifierKey())));
        assertEquals(fault, e.fault(), e.getMessage());
        return e;
    }

    private void malformed(String note, int line, String what) {
        CheckpointException e = fails(note, Fault.MALFORMED, rfc8032);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(what), "says '" + what + "': " + e.getMessage());
    }

    private void signedMalformed(String body, int line, String what) {
        CheckpointException e = fails(SignedNote.sign(body, List.of(newKey)), Fault.MALFORMED, newKey);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(what), "says '" + what + "': " + e.getMessage());
    }
}
