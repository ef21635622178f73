package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.audit.AuditLog;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every place that takes a pseudonym key refuses a short one with the one message. */
class PseudonymKeyTest {

    private static final String SHORT = "the pseudonym key holds 15 bytes, fewer than 16";

    @Test
    void theBuildersAndTheCheckRefuseAShortKeyAlike() {
        byte[] key = new byte[15];
        List<Consumer<byte[]>> takers = List.of(
                k -> Guard.builder().pseudonymKey(k),
                k -> AuditLog.builder().pseudonymKey(k),
                k -> PseudonymKey.check(k, "the pseudonym key"));
        for (Consumer<byte[]> taker : takers) {
            assertEquals(SHORT, assertThrows(IllegalArgumentException.class, () -> taker.accept(key)).getMessage());
        }
    }

    @Test
    void theMessageNamesWhereTheKeyCameFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PseudonymKey.check(new byte[3], "secrets/pseudonym.key"));
        assertEquals("secrets/pseudonym.key holds 3 bytes, fewer than 16", e.getMessage());
    }

    @Test
    void aLongEnoughKeyIsCopied() {
        byte[] key = new byte[16];
        byte[] copy = PseudonymKey.check(key, "k");
        assertArrayEquals(key, copy);
        assertNotSame(key, copy);
    }
}
