package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Transfer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier written from {@code docs/audit-log.md} alone, with nothing but the JDK: it recomputes the
 * root of a log the library wrote and checks the checkpoint's Ed25519 signature with the {@code .pub}
 * file. None of the library's audit code is used to check.
 */
class ThirdPartyVerifierTest {

    @TempDir
    Path dir;

    @Test
    void recomputesTheRootAndChecksTheSignatureFromTheDocumentAlone() throws Exception {
        Path log = dir.resolve("log");
        SigningKey key = AuditFixtures.key();
        key.verifierKey().writePem(dir.resolve("test-key.pub"));
        Transfer t = AuditFixtures.allowed(5);
        try (AuditLog l = AuditFixtures.builder(log).segmentSize(3000).open()) {
            for (int i = 0; i < 7; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }

        // Segments: DIR/*.jsonl in name order; one record per line ending in '\n'.
        List<byte[]> lines = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(log)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        assertTrue(segments.size() > 1);
        for (Path s : segments) {
            byte[] b = Files.readAllBytes(s);
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n') {
                    lines.add(Arrays.copyOfRange(b, start, i));
                    start = i + 1;
                }
            }
            assertEquals(b.length, start, "every line ends with a newline");
        }

        // Each record: origin, seq = position, prev = leaf hash of the record before.
        byte[] prev = new byte[32];
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = new String(lines.get(i), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("{\"origin\":\"" + AuditFixtures.ORIGIN + "\",\"seq\":" + i + ",\"prev\":\""
                    + HexFormat.of().formatHex(prev) + "\","), text);
            prev = sha256(new byte[] {0}, lines.get(i));
            leaves.add(prev);
        }

        // The checkpoint: text, a blank line, signature lines "— name base64(keyid || signature)".
        String note = Files.readString(log.resolve("checkpoint"), StandardCharsets.UTF_8);
        int split = note.indexOf("\n\n");
        String body = note.substring(0, split + 1);
        String[] bodyLines = body.split("\n");
        assertEquals(AuditFixtures.ORIGIN, bodyLines[0]);
        assertEquals(Integer.toString(lines.size()), bodyLines[1]);
        assertArrayEquals(root(leaves), Base64.getDecoder().decode(bodyLines[2]));

        String signatureLine = note.substring(split + 2).split("\n")[0];
        assertTrue(signatureLine.startsWith("\u2014 test-key "), signatureLine);
        byte[] signed = Base64.getDecoder().decode(signatureLine.substring("\u2014 test-key ".length()));

        byte[] spki = Files.readAllBytes(dir.resolve("test-key.pub"));
        String pem = new String(spki, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(pem);
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        byte[] keyId = Arrays.copyOf(sha256("test-key\n".getBytes(StandardCharsets.UTF_8), new byte[] {1}, raw), 4);
        assertArrayEquals(keyId, Arrays.copyOf(signed, 4), "the key id names the key");

        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(publicKey);
        ed25519.update(body.getBytes(StandardCharsets.UTF_8));
        assertTrue(ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length)), "the signature verifies");
    }

    /** MTH from RFC 9162 section 2.1.1, straight from the definition. */
    private static byte[] root(List<byte[]> leaves) throws Exception {
        if (leaves.isEmpty()) {
            return sha256();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return sha256(new byte[] {1}, root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
    }

    private static byte[] sha256(byte[]... parts) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.write(p);
        }
        return MessageDigest.getInstance("SHA-256").digest(all.toByteArray());
    }
}
