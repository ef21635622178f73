package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VerifierKeyTest {

    private static final String KEY = SigningKeyTest.RFC8032_VERIFIER_KEY;

    @Test
    void parsesAndFormatsTheC2spForm() {
        VerifierKey key = VerifierKey.parse(KEY);
        assertEquals("example.com/audit", key.name());
        assertEquals(0x57840a0c, key.keyId());
        assertEquals(SigningKeyTest.RFC8032_PUBLIC, HexFormat.of().formatHex(key.publicKey()));
        assertEquals(KEY, key.format());
        assertEquals(KEY, key.toString());
        assertEquals(key, VerifierKey.of("example.com/audit", HexFormat.of().parseHex(SigningKeyTest.RFC8032_PUBLIC)));
        assertNotEquals(key, VerifierKey.of("other", key.publicKey()));
    }

    @Test
    void roundTripsGeneratedKeys() {
        VerifierKey key = SigningKey.generate("log.example/k1").verifierKey();
        assertEquals(key, VerifierKey.parse(key.format()));
    }

    @Test
    void rejectsMalformedVerifierKeys() {
        String keyPart = KEY.substring("example.com/audit+57840a0c+".length());
        assertBad("no-plus-at-all", "expected NAME+KEYID+KEY");
        assertBad("name+57840a0c", "expected NAME+KEYID+KEY");
        assertBad("+57840a0c+" + keyPart, "must not be empty");
        assertBad("bad name+57840a0c+" + keyPart, "spaces");
        assertBad("example.com/audit+57840a0+" + keyPart, "8 hex digits");
        assertBad("example.com/audit+57840a0g+" + keyPart, "8 hex digits");
        assertBad("example.com/audit+57840a0d+" + keyPart, "does not match");
        assertBad("other+57840a0c+" + keyPart, "does not match");
        assertBad("example.com/audit+57840a0c+" + keyPart.substring(0, keyPart.length() - 1), "not valid base64");
        assertBad("example.com/audit+57840a0c+" + keyPart + "=", "not valid base64");
        byte[] raw = Base64.getDecoder().decode(keyPart);
        raw[0] = 0x02;
        assertBad("example.com/audit+57840a0c+" + Base64.getEncoder().encodeToString(raw), "algorithm byte 0x02");
        byte[] longer = java.util.Arrays.copyOf(Base64.getDecoder().decode(keyPart), 34);
        assertBad("example.com/audit+57840a0c+" + Base64.getEncoder().encodeToString(longer), "not 33");
    }

    @Test
    void rejectsInvalidRawKeys() {
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.of("k", new byte[31]));
        byte[] notAPoint = HexFormat.of().parseHex("ff".repeat(31) + "7f");
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.of("k", notAPoint));
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.of("k+1", new byte[32]));
    }

    private static void assertBad(String text, String what) {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> VerifierKey.parse(text), text);
        assertTrue(e.getMessage().contains(what), "says '" + what + "': " + e.getMessage());
    }
}
