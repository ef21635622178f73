package dev.transferguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Pseudonyms are HMAC-SHA256 of the id's UTF-8 bytes under the key, whatever the key's or the id's length. */
class PseudonymsTest {

    private static final byte[] KEY = "a pseudonym key of some length".getBytes(StandardCharsets.UTF_8);

    private static String reference(byte[] key, String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Pseudonyms.PREFIX + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rfc4231TestCases() {
        // Test case 1 (its 20-byte key) and test case 6 (a 131-byte key, hashed first).
        byte[] key1 = new byte[20];
        Arrays.fill(key1, (byte) 0x0b);
        assertEquals(Pseudonyms.PREFIX + "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                new Pseudonyms(key1).of("Hi There"));
        byte[] key6 = new byte[131];
        Arrays.fill(key6, (byte) 0xaa);
        assertEquals(Pseudonyms.PREFIX + "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                new Pseudonyms(key6).of("Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void agreeWithTheJdksMacForKeysAndIdsOfEveryLength() throws Exception {
        List<String> ids = List.of("", "c-1", "Zoë Ünal 李伟", "x".repeat(55), "y".repeat(56), "z".repeat(64),
                "w".repeat(200), Pseudonyms.PREFIX + "00ff".repeat(16));
        for (int keyLength : new int[] {16, 32, 63, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            for (int i = 0; i < keyLength; i++) {
                key[i] = (byte) (i * 31 + 7);
            }
            Pseudonyms p = new Pseudonyms(key);
            for (String id : ids) {
                assertEquals(reference(key, id), p.of(id), "key of " + keyLength + " bytes, id of " + id.length());
                assertEquals(p.of(id), p.of(id), "the same id twice");
            }
        }
    }

    @Test
    void threadsGetTheSamePseudonyms() throws Exception {
        Pseudonyms p = new Pseudonyms(KEY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    String last = null;
                    for (int i = 0; i < 2_000; i++) {
                        last = p.of("c-" + (i % 10));
                    }
                    return last;
                }));
            }
            for (Future<String> r : results) {
                assertEquals(reference(KEY, "c-9"), r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void applyReplacesOnlyTheIds() throws Exception {
        Pseudonyms p = new Pseudonyms(KEY);
        Transfer t = Transfer.builder().origin("CN").destination("SG").categories("personal.contact")
                .subjects(new Subjects(List.of("CN"), List.of("CN"), 3, List.of("c-1", "c-2"))).build();
        Transfer safe = p.apply(t);
        assertEquals(List.of(reference(KEY, "c-1"), reference(KEY, "c-2")), safe.subjects().ids());
        assertEquals(t.toBuilder().subjects(new Subjects(List.of("CN"), List.of("CN"), 3,
                List.of(reference(KEY, "c-1"), reference(KEY, "c-2")))).build(), safe);
        Transfer anonymous = Transfer.builder().origin("CN").destination("SG").categories("personal.contact").build();
        assertSame(anonymous, p.apply(anonymous));
    }

    @Test
    void refusesShortKeys() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(null));
    }
}
