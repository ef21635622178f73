package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    /** RFC 8032 section 7.1, test 1. */
    static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC8032_EMPTY_MESSAGE_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
            + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    /** The RFC 8032 test 1 key as {@code openssl pkey} writes it (PKCS#8 version 1). */
    static final String RFC8032_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """;
    static final String RFC8032_PUBLIC_PEM = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
            -----END PUBLIC KEY-----
            """;
    /** Computed outside Java: name + "+" + hex(SHA-256(name "\n" 0x01 pk)[:4]) + "+" + base64(0x01 pk). */
    static final String RFC8032_VERIFIER_KEY = "example.com/audit+57840a0c+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

    @TempDir
    Path dir;

    static SigningKey rfc8032Key(Path dir) throws IOException {
        Path file = dir.resolve("rfc8032.key.pem");
        Files.writeString(file, RFC8032_PRIVATE_PEM, StandardCharsets.US_ASCII);
        return SigningKey.readPem(file, "example.com/audit");
    }

    @Test
    void knownAnswerForKeyIdVerifierKeyAndSignature() throws Exception {
        SigningKey key = rfc8032Key(dir);
        VerifierKey verifier = key.verifierKey();
        assertEquals(RFC8032_PUBLIC, HexFormat.of().formatHex(verifier.publicKey()));
        assertEquals(RFC8032_VERIFIER_KEY, verifier.format());
        assertEquals("57840a0c", verifier.keyIdHex());

        // The same key id, computed here straight from the C2SP definition.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("example.com/audit\n".getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0x01);
        sha256.update(HexFormat.of().parseHex(RFC8032_PUBLIC));
        byte[] hash = sha256.digest();
        assertEquals(HexFormat.of().formatHex(hash, 0, 4), verifier.keyIdHex());
        assertEquals(RFC8032_VERIFIER_KEY, "example.com/audit+" + HexFormat.of().formatHex(hash, 0, 4) + "+"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex("01" + RFC8032_PUBLIC)));

        assertEquals(RFC8032_EMPTY_MESSAGE_SIGNATURE, HexFormat.of().formatHex(key.sign(new byte[0])));
        assertTrue(verifier.verify(new byte[0], HexFormat.of().parseHex(RFC8032_EMPTY_MESSAGE_SIGNATURE)));
    }

    @Test
    void writesTheSamePemAsOpenSsl() throws IOException {
        SigningKey key = rfc8032Key(dir);
        Path privateFile = dir.resolve("out.key.pem");
        Path publicFile = dir.resolve("out.pub.pem");
        key.writePem(privateFile);
        key.verifierKey().writePem(publicFile);
        assertEquals(RFC8032_PRIVATE_PEM, Files.readString(privateFile));
        assertEquals(RFC8032_PUBLIC_PEM, Files.readString(publicFile));
    }

    @Test
    void roundTripsThroughPemFiles() throws IOException {
        SigningKey key = SigningKey.generate("audit-2026");
        Path privateFile = dir.resolve("audit-2026.key.pem");
        Path publicFile = dir.resolve("audit-2026.pub.pem");
        key.writePem(privateFile);
        key.verifierKey().writePem(publicFile);

        SigningKey read = SigningKey.readPem(privateFile);
        VerifierKey verifier = VerifierKey.readPem(publicFile);
        assertEquals("audit-2026", read.name());
        assertEquals(key.verifierKey(), read.verifierKey());
        assertEquals(key.verifierKey(), verifier);
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key.sign(message), read.sign(message));
        assertTrue(verifier.verify(message, read.sign(message)));
        assertFalse(verifier.verify("other".getBytes(StandardCharsets.UTF_8), read.sign(message)));
        assertFalse(SigningKey.generate("audit-2026").verifierKey().verify(message, key.sign(message)));
    }

    @Test
    void privateKeyFileIsOwnerOnlyFromTheStart() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path file = dir.resolve("k.key.pem");
        SigningKey.generate("k").writePem(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void neverOverwritesAKeyFile() throws IOException {
        Path file = dir.resolve("k.key.pem");
        SigningKey first = SigningKey.generate("k");
        first.writePem(file);
        assertThrows(FileAlreadyExistsException.class, () -> SigningKey.generate("k").writePem(file));
        assertEquals(first.verifierKey(), SigningKey.readPem(file).verifierKey());
    }

    @Test
    void toStringShowsNoKeyMaterial() throws IOException {
        SigningKey key = rfc8032Key(dir);
        String text = key.toString();
        assertEquals("SigningKey[name=example.com/audit, keyId=57840a0c]", text);
        byte[] secret = HexFormat.of().parseHex(RFC8032_SECRET);
        for (String form : new String[] {RFC8032_SECRET, Base64.getEncoder().encodeToString(secret), "nWGxne"}) {
            assertFalse(text.toLowerCase().contains(form.toLowerCase()), "toString shows " + form);
        }
    }

    @Test
    void namesFollowTheSignedNoteRules() {
        for (String bad : new String[] {"", "a b", "a+b", "tab\tname", "line\nbreak", "nbsp\u00a0name"}) {
            assertThrows(IllegalArgumentException.class, () -> SigningKey.generate(bad), bad);
        }
        assertEquals("example.com/log-ü", SigningKey.generate("example.com/log-ü").name());
    }

    @Test
    void takesTheNameFromTheFileName() throws IOException {
        SigningKey key = SigningKey.generate("x");
        key.writePem(dir.resolve("audit.pem"));
        key.writePem(dir.resolve("my key.key.pem"));
        assertEquals("audit", SigningKey.readPem(dir.resolve("audit.pem")).name());
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> SigningKey.readPem(dir.resolve("my key.key.pem")));
        assertTrue(e.getMessage().contains("my key.key.pem") && e.getMessage().contains("spaces"), e.getMessage());
        assertEquals("ok", SigningKey.readPem(dir.resolve("my key.key.pem"), "ok").name());
    }

    @Test
    void acceptsPkcs8WithThePublicKeyButOnlyAMatchingOne() throws IOException {
        String prefix = "3051020101300506032b657004220420" + RFC8032_SECRET + "812100";
        Path good = write("v2.pem", der(prefix + RFC8032_PUBLIC), "PRIVATE KEY");
        assertEquals(RFC8032_PUBLIC, HexFormat.of().formatHex(SigningKey.readPem(good).verifierKey().publicKey()));
        Path bad = write("v2bad.pem", der(prefix + RFC8032_PUBLIC.replace('d', 'e')), "PRIVATE KEY");
        assertMalformed(() -> SigningKey.readPem(bad), "v2bad.pem", "does not belong");
    }

    @Test
    void explainsMalformedPrivateKeyFiles() throws IOException {
        assertMalformed(() -> SigningKey.readPem(text("empty.pem", "")), "empty.pem", "no '-----BEGIN PRIVATE KEY-----'");
        assertMalformed(() -> SigningKey.readPem(text("pub.pem", RFC8032_PUBLIC_PEM)), "pub.pem",
                "holds a 'PUBLIC KEY', expected a 'PRIVATE KEY'");
        assertMalformed(() -> SigningKey.readPem(text("enc.pem",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")), "enc.pem",
                "encrypted keys are not supported");
        assertMalformed(() -> SigningKey.readPem(text("noend.pem", RFC8032_PRIVATE_PEM.replace("-----END PRIVATE KEY-----", ""))),
                "noend.pem", "no '-----END PRIVATE KEY-----' line");
        assertMalformed(() -> SigningKey.readPem(text("badline.pem", RFC8032_PRIVATE_PEM.replace("MC4C", "M*4C"))),
                "badline.pem", "line 2: not base64");
        assertMalformed(() -> SigningKey.readPem(text("badb64.pem", RFC8032_PRIVATE_PEM.replace("MC4C", "MC4"))),
                "badb64.pem", "not valid base64");
        assertMalformed(() -> SigningKey.readPem(text("blank.pem",
                "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")), "blank.pem", "empty");
        assertMalformed(() -> SigningKey.readPem(write("der.pem", der("3003020100"), "PRIVATE KEY")), "der.pem",
                "malformed DER");
        assertMalformed(() -> SigningKey.readPem(write("x25519.pem",
                        der("302e020100300506032b656e04220420" + RFC8032_SECRET), "PRIVATE KEY")), "x25519.pem",
                "not an Ed25519 key (algorithm 1.3.101.110)");
        assertMalformed(() -> SigningKey.readPem(write("short.pem",
                        der("302d020100300506032b657004210420" + RFC8032_SECRET.substring(2)), "PRIVATE KEY")),
                "short.pem", "malformed");
        Path binary = dir.resolve("binary.pem");
        Files.write(binary, new byte[] {(byte) 0xff, 0x00});
        assertMalformed(() -> SigningKey.readPem(binary), "binary.pem", "not ASCII");
    }

    @Test
    void explainsMalformedPublicKeyFiles() throws IOException {
        assertMalformed(() -> VerifierKey.readPem(text("priv.pub.pem", RFC8032_PRIVATE_PEM)), "priv.pub.pem",
                "holds a 'PRIVATE KEY', expected a 'PUBLIC KEY'");
        assertMalformed(() -> VerifierKey.readPem(write("x.pub.pem",
                        der("302a300506032b656e032100" + RFC8032_PUBLIC), "PUBLIC KEY")), "x.pub.pem",
                "not an Ed25519 key");
        assertMalformed(() -> VerifierKey.readPem(write("point.pub.pem",
                        der("302a300506032b6570032100" + "ff".repeat(31) + "7f"), "PUBLIC KEY")), "point.pub.pem",
                "not a valid Ed25519 public key");
    }

    private void assertMalformed(org.junit.jupiter.api.function.Executable read, String file, String what) {
        KeyFormatException e = assertThrows(KeyFormatException.class, read);
        assertTrue(e.getMessage().contains(file), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "says '" + what + "': " + e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains(RFC8032_SECRET.substring(0, 16)), e.getMessage());
        assertFalse(e.getMessage().contains("nWGxne/9"), e.getMessage());
    }

    private Path text(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    private Path write(String name, byte[] der, String label) throws IOException {
        return text(name, "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n");
    }

    private static byte[] der(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
