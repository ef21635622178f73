package dev.transferguard.internal;

import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of subject ids: {@code hmac-sha256:<hex of HMAC-SHA256(key, UTF-8 id)>}. The same id
 * gives the same pseudonym under the same key, so distinct subjects can still be counted from the log,
 * while the id cannot be recovered without the key.
 *
 * <p>Thread-safe: each thread gets its own {@link Mac}.
 */
public final class Pseudonyms {

    /** What every pseudonym starts with. */
    public static final String PREFIX = "hmac-sha256:";
    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException when the key is too short
     */
    public Pseudonyms(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * @param id a subject id
     * @return its pseudonym
     */
    public String of(String id) {
        byte[] mac = macs.get().doFinal(id.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(mac);
    }

    /**
     * The transfer with every subject id replaced by its pseudonym.
     *
     * @param transfer a transfer
     * @return the same transfer when it has no ids, otherwise a copy
     */
    public Transfer apply(Transfer transfer) {
        Subjects s = transfer.subjects();
        if (s.ids().isEmpty()) {
            return transfer;
        }
        List<String> ids = new ArrayList<>(s.ids().size());
        for (String id : s.ids()) {
            ids.add(of(id));
        }
        return transfer.toBuilder().subjects(new Subjects(s.residence(), s.citizenship(), s.count(), ids)).build();
    }
}
