package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.transferguard.Guard;
import dev.transferguard.LogCapture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private keys: a warning when others may read them, and never their material in a message or a log. */
class KeyHygieneTest {

    @TempDir
    Path dir;

    /** Every spelling of a private key's material a message could leak: PEM lines, base64 and hex of the seed. */
    private static List<String> secrets(Path keyFile) throws IOException {
        List<String> out = new ArrayList<>();
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        for (String line : pem.split("\n")) {
            if (!line.isBlank() && !line.startsWith("-----")) {
                out.add(line);
            }
        }
        byte[] der = Base64.getMimeDecoder().decode(String.join("", out));
        byte[] seed = java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
        out.add(Base64.getEncoder().encodeToString(seed));
        out.add(HexFormat.of().formatHex(seed));
        out.add(HexFormat.of().formatHex(seed, 0, 8));
        return out;
    }

    private static void assertNoSecret(String text, List<String> secrets) {
        for (String s : secrets) {
            assertFalse(text.contains(s), "leaks key material: " + text);
        }
    }

    private Path keyFile(String name) throws IOException {
        Path file = dir.resolve(name + ".key");
        SigningKey.generate(name).writePem(file);
        return file;
    }

    @Test
    void aKeyOthersCanReadIsReadWithAWarning() throws IOException {
        Path file = keyFile("audit");
        try (LogCapture log = LogCapture.of(SigningKey.class)) {
            SigningKey.readPem(file);
            assertTrue(log.at(Level.WARN).isEmpty(), "0600: no warning");
            for (String mode : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
                SigningKey.readPem(file);
            }
            List<String> warnings = log.at(Level.WARN);
            assertEquals(4, warnings.size(), log.all().toString());
            assertEquals("the private key file " + file + " can be read or written by its group or by others (mode "
                    + "rw-r-----); make it readable by its owner only: chmod 600 " + file, warnings.get(0));
            for (String w : warnings) {
                assertNoSecret(w, secrets(file));
            }
        }
    }

    @Test
    void toStringNeverShowsKeyMaterial() throws IOException {
        Path file = keyFile("audit");
        SigningKey key = SigningKey.readPem(file);
        List<String> secrets = secrets(file);
        assertEquals("SigningKey[name=audit, keyId=" + key.verifierKey().keyIdHex() + "]", key.toString());
        assertNoSecret(key.toString(), secrets);
        byte[] pseudonymKey = "a pseudonym secret of 32 bytes..".getBytes(StandardCharsets.US_ASCII);
        try (AuditLog log = AuditLog.builder().directory(dir.resolve("log")).origin("test/hygiene").signingKey(key)
                .pseudonymKey(pseudonymKey).open()) {
            assertNoSecret(log.toString(), secrets);
            assertFalse(log.toString().contains("pseudonym secret"), log.toString());
            Guard guard = Guard.builder().policies(AuditFixtures.POLICIES).audit(log).pseudonymKey(pseudonymKey)
                    .build();
            assertFalse(guard.toString().contains("pseudonym secret"), guard.toString());
            assertNoSecret(log.latestCheckpoint().toString(), secrets);
        }
    }

    @Test
    void brokenKeyFilesAreDescribedWithoutTheirContent() throws IOException {
        Path good = keyFile("audit");
        List<String> secrets = secrets(good);
        String pem = Files.readString(good);
        String body = secrets.get(0);
        List<String> broken = List.of(
                pem.replace(body, body.substring(0, body.length() - 4) + "!!!!"),
                pem.replace(body, body.substring(4)),
                pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
                pem.replace("-----END PRIVATE KEY-----", ""),
                body + "\n",
                pem.replace(body, body.substring(0, 20) + "Proc-Type: 4,ENCRYPTED\n" + body.substring(20)));
        int i = 0;
        for (String text : broken) {
            Path file = Files.writeString(dir.resolve("broken" + i++ + ".key"), text);
            Exception e = assertThrows(Exception.class, () -> SigningKey.readPem(file));
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertNoSecret(trace.toString(), secrets);
        }
        // A private key given where a public one belongs is named, not shown.
        KeyFormatException wrongKind = assertThrows(KeyFormatException.class, () -> VerifierKey.readPem(good));
        assertEquals(good + ": holds a 'PRIVATE KEY', expected a 'PUBLIC KEY'", wrongKind.getMessage());
    }

    @Test
    void verifierKeysCompareByNameAndKeyBytes() {
        SigningKey a = SigningKey.generate("a");
        VerifierKey same = VerifierKey.of("a", a.verifierKey().publicKey());
        assertEquals(a.verifierKey(), same);
        assertEquals(a.verifierKey().hashCode(), same.hashCode());
        assertNotEquals(a.verifierKey(), VerifierKey.of("b", a.verifierKey().publicKey()));
        assertNotEquals(a.verifierKey(), SigningKey.generate("a").verifierKey());
    }
}
