package dev.transferguard.internal.classify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of subject ids: {@code hmac-sha256:<hex of HMAC-SHA256(key, UTF-8 id)>}, the form of the
 * audit log. The same id gives the same pseudonym under the same key; the id cannot be recovered without it.
 * Thread-safe: each thread has its own {@link Mac}.
 */
public final class Pseudonymizer {

    /** What every pseudonym starts with. */
    public static final String PREFIX = "hmac-sha256:";
    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final ThreadLocal<Mac> macs;

    /**
     * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException if the key is too short
     */
    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> mac(spec));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /**
     * The pseudonym of an id.
     *
     * @param id a subject id
     * @return {@code hmac-sha256:} and 64 lower-case hex digits
     */
    public String of(String id) {
        return PREFIX + HEX.formatHex(macs.get().doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
