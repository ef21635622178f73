package dev.transferguard.internal;

import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keyed pseudonyms of subject ids: {@code hmac-sha256:<hex of HMAC-SHA256(key, UTF-8 id)>}. The same id
 * gives the same pseudonym under the same key, so distinct subjects can still be counted from the log,
 * while the id cannot be recovered without the key.
 *
 * <p>HMAC (RFC 2104) is computed here from SHA-256 digests whose state after the key's inner and outer pad
 * blocks is kept: each pseudonym then hashes two blocks instead of the four a {@link javax.crypto.Mac} hashes
 * (it hashes the pads again on every call), with the same result.
 *
 * <p>Thread-safe: each thread gets its own digests.
 */
public final class Pseudonyms {

    /** What every pseudonym starts with. */
    public static final String PREFIX = "hmac-sha256:";
    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String DIGEST = "SHA-256";
    private static final int BLOCK = 64;
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private final byte[] innerPad;
    private final byte[] outerPad;
    private final ThreadLocal<Keyed> keyed;

    /** One thread's digests, each holding the state after its pad block; cloned, never updated. */
    private static final class Keyed {
        final MessageDigest inner;
        final MessageDigest outer;

        Keyed(byte[] innerPad, byte[] outerPad) {
            inner = sha256();
            inner.update(innerPad);
            outer = sha256();
            outer.update(outerPad);
        }

        byte[] mac(byte[] message) {
            MessageDigest i = copy(inner);
            byte[] innerHash = i.digest(message);
            MessageDigest o = copy(outer);
            return o.digest(innerHash);
        }

        private static MessageDigest copy(MessageDigest d) {
            try {
                return (MessageDigest) d.clone();
            } catch (CloneNotSupportedException e) {
                // The JDK's SHA-256 can be cloned; a provider whose digest cannot would need another strategy.
                throw new IllegalStateException("the SHA-256 digest cannot be cloned", e);
            }
        }
    }

    /**
     * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException when the key is too short
     */
    public Pseudonyms(byte[] key) {
        checkKey(key, "the pseudonym key");
        // RFC 2104: a key longer than the block is replaced by its hash, then padded with zeros to the block.
        byte[] k = Arrays.copyOf(key.length > BLOCK ? sha256().digest(key) : key, BLOCK);
        innerPad = new byte[BLOCK];
        outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            innerPad[i] = (byte) (k[i] ^ 0x36);
            outerPad[i] = (byte) (k[i] ^ 0x5c);
        }
        Arrays.fill(k, (byte) 0);
        this.keyed = ThreadLocal.withInitial(() -> new Keyed(innerPad, outerPad));
        // Fail now, not on the first id, if the platform's digest cannot be cloned.
        keyed.get().mac(new byte[0]);
    }

    /**
     * The one check of a pseudonym key, wherever one comes from (a builder, a property, a file).
     *
     * @param key  the candidate key
     * @param what where it comes from, for the message, e.g. {@code the pseudonym key} or a file name
     * @return a copy of the key
     * @throws IllegalArgumentException when it is {@code null} or has fewer than {@value #MIN_KEY_BYTES} bytes
     */
    public static byte[] checkKey(byte[] key, String what) {
        if (key == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (key.length < MIN_KEY_BYTES) {
            // Shorter keys could be guessed.
            throw new IllegalArgumentException(what + " holds " + key.length + " bytes, fewer than " + MIN_KEY_BYTES);
        }
        return key.clone();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * @param id a subject id
     * @return its pseudonym
     */
    public String of(String id) {
        byte[] mac = keyed.get().mac(id.getBytes(StandardCharsets.UTF_8));
        byte[] text = Arrays.copyOf(PREFIX_BYTES, PREFIX_BYTES.length + 2 * mac.length);
        int p = PREFIX_BYTES.length;
        for (byte b : mac) {
            text[p++] = HEX[(b >> 4) & 0xf];
            text[p++] = HEX[b & 0xf];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
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
        // The other parts are already checked and immutable: the canonical constructor keeps them as they are.
        return new Transfer(transfer.action(), transfer.date(), transfer.origin(), transfer.destination(),
                transfer.categories(), new Subjects(s.residence(), s.citizenship(), s.count(), ids),
                transfer.entity(), transfer.recipient(), transfer.transaction(), transfer.purpose(),
                transfer.bases());
    }
}
