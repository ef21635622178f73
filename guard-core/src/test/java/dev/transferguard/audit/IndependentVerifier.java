package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A verifier written from {@code docs/audit-log.md} alone, with nothing but the JDK: it recomputes the
 * root of a log and checks the checkpoint's Ed25519 signature with the {@code .pub} file. None of the
 * library's audit code is used, so that the document, not the code, is what is tested.
 */
public final class IndependentVerifier {

    private IndependentVerifier() {
    }

    /**
     * Checks a whole log against its latest checkpoint, failing the calling test on any difference.
     *
     * @param log           the log directory
     * @param origin        the log's origin name
     * @param keyName       the signing key's name
     * @param publicKeyFile the key's SPKI PEM file
     * @return the number of records
     * @throws Exception when a file cannot be read
     */
    public static int assertIntact(Path log, String origin, String keyName, Path publicKeyFile) throws Exception {
        // Segments: DIR/*.jsonl in name order; one record per line ending in '\n'.
        List<byte[]> lines = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(log)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
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
            assertTrue(text.startsWith("{\"origin\":\"" + origin + "\",\"seq\":" + i + ",\"prev\":\""
                    + HexFormat.of().formatHex(prev) + "\","), text);
            prev = sha256(new byte[] {0}, lines.get(i));
            leaves.add(prev);
        }

        // The checkpoint: text, a blank line, signature lines "— name base64(keyid || signature)".
        String note = Files.readString(log.resolve("checkpoint"), StandardCharsets.UTF_8);
        int split = note.indexOf("\n\n");
        String body = note.substring(0, split + 1);
        String[] bodyLines = body.split("\n");
        assertEquals(origin, bodyLines[0]);
        assertEquals(Integer.toString(lines.size()), bodyLines[1]);
        assertArrayEquals(root(leaves), Base64.getDecoder().decode(bodyLines[2]));

        String signatureLine = note.substring(split + 2).split("\n")[0];
        String prefix = "\u2014 " + keyName + " ";
        assertTrue(signatureLine.startsWith(prefix), signatureLine);
        byte[] signed = Base64.getDecoder().decode(signatureLine.substring(prefix.length()));

        byte[] spki = Files.readAllBytes(publicKeyFile);
        String pem = new String(spki, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(pem);
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        byte[] keyId = Arrays.copyOf(sha256((keyName + "\n").getBytes(StandardCharsets.UTF_8), new byte[] {1}, raw), 4);
        assertArrayEquals(keyId, Arrays.copyOf(signed, 4), "the key id names the key");

        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(publicKey);
        ed25519.update(body.getBytes(StandardCharsets.UTF_8));
        assertTrue(ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length)), "the signature verifies");
        return lines.size();
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
