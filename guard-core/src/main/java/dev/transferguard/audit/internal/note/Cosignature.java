package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C2SP {@code tlog-cosignature} v1 for Ed25519: a note signature line whose key id is derived with the type
 * byte 0x04 (so a witness key never passes for a log key of the same name), and whose signature is a
 * timestamp (8 bytes, big-endian POSIX seconds) followed by Ed25519 over
 * {@code "cosignature/v1\ntime <T>\n" + the checkpoint body}.
 *
 * @param keyName   the cosigner's name
 * @param keyId     the cosignature key id
 * @param timestamp when the cosigner signed, in POSIX seconds
 * @param signature the 64-byte Ed25519 signature
 */
public record Cosignature(String keyName, int keyId, long timestamp, byte[] signature) {

    /** The signature type byte of Ed25519 cosignature/v1 keys. */
    public static final byte TYPE_ED25519_COSIGNATURE = 0x04;
    private static final int SIGNATURE_SIZE = 64;
    private static final int TIMESTAMPED_SIZE = 8 + SIGNATURE_SIZE;

    /** Copies the signature. */
    public Cosignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * The cosignature key id: the first 4 bytes of SHA-256(name || 0x0A || 0x04 || public key).
     *
     * @param key the cosigner's public key and name
     * @return the key id, big-endian
     */
    public static int keyId(VerifierKey key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(key.name().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(TYPE_ED25519_COSIGNATURE);
            sha256.update(key.publicKey());
            return ByteBuffer.wrap(sha256.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * @param key a cosigner's key
     * @return {@code name+<8 hex cosignature key id>}, how messages name a witness
     */
    public static String label(VerifierKey key) {
        return KeyNames.label(key.name(), keyId(key));
    }

    /**
     * The signed message: the two header lines and the checkpoint body.
     *
     * @param body      the checkpoint's note text, ending in a newline
     * @param timestamp POSIX seconds
     * @return the bytes an Ed25519 cosignature covers
     */
    public static byte[] message(String body, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Cosigns a checkpoint body.
     *
     * @param body      the checkpoint's note text
     * @param key       the cosigner's key
     * @param timestamp POSIX seconds, not negative
     * @return the signature line, {@code — name base64(...)} with its newline
     */
    public static String signLine(String body, SigningKey key, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature's time must not be negative");
        }
        byte[] sig = key.sign(message(body, timestamp));
        byte[] all = ByteBuffer.allocate(4 + TIMESTAMPED_SIZE).putInt(keyId(key.verifierKey())).putLong(timestamp)
                .put(sig).array();
        return "\u2014 " + key.name() + " " + Base64.getEncoder().encodeToString(all) + "\n";
    }

    /**
     * Reads a note signature as a cosignature, when its shape is one.
     *
     * @param s a signature line of a note
     * @return the cosignature, or {@code null} when the bytes after the key id are not a timestamp and 64 bytes
     */
    public static Cosignature of(SignedNote.NoteSignature s) {
        byte[] bytes = s.signature();
        if (bytes.length != TIMESTAMPED_SIZE) {
            return null;
        }
        long time = ByteBuffer.wrap(bytes).getLong();
        if (time < 0) {
            return null;
        }
        return new Cosignature(s.keyName(), s.keyId(), time, Arrays.copyOfRange(bytes, 8, bytes.length));
    }

    /**
     * Checks this cosignature against a cosigner's key.
     *
     * @param body the checkpoint's note text
     * @param key  the cosigner's key
     * @return whether name, key id and signature all match
     */
    public boolean verifies(String body, VerifierKey key) {
        return keyName.equals(key.name()) && keyId == keyId(key) && key.verify(message(body, timestamp), signature);
    }

    /**
     * The trusted cosigners whose cosignatures on a note verify. Lines by other keys are ignored; a line that
     * names a trusted cosigner and fails does not count.
     *
     * @param note     the parsed note
     * @param trusted  the cosigners' keys
     * @param rejected receives the labels of trusted cosigners whose line did not verify
     * @return each cosigner that verified, with its cosignature's time
     */
    public static Map<VerifierKey, Long> verified(SignedNote note, Collection<VerifierKey> trusted,
                                                  List<String> rejected) {
        Map<VerifierKey, Long> out = new LinkedHashMap<>();
        for (SignedNote.NoteSignature s : note.signatures()) {
            for (VerifierKey key : trusted) {
                if (!s.keyName().equals(key.name()) || s.keyId() != keyId(key)) {
                    continue;
                }
                Cosignature c = of(s);
                if (c != null && c.verifies(note.text(), key)) {
                    out.putIfAbsent(key, c.timestamp());
                } else {
                    rejected.add(label(key));
                }
            }
        }
        return out;
    }

    /**
     * The signature lines of a note that are cosignatures by the given key, as text.
     *
     * @param note the parsed note
     * @param key  a cosigner's key
     * @return the lines, each with its newline
     */
    public static List<String> linesBy(SignedNote note, VerifierKey key) {
        List<String> out = new ArrayList<>();
        for (SignedNote.NoteSignature s : note.signatures()) {
            if (isBy(s, key)) {
                out.add(line(s));
            }
        }
        return out;
    }

    /**
     * @param s   a signature line
     * @param key a cosigner's key
     * @return whether the line names that cosigner (name and cosignature key id), whether or not it verifies
     */
    public static boolean isBy(SignedNote.NoteSignature s, VerifierKey key) {
        return s.keyName().equals(key.name()) && s.keyId() == keyId(key);
    }

    /**
     * @param s a signature line of a note
     * @return the line as text, with its newline
     */
    public static String line(SignedNote.NoteSignature s) {
        byte[] sig = s.signature();
        byte[] all = ByteBuffer.allocate(4 + sig.length).putInt(s.keyId()).put(sig).array();
        return "\u2014 " + s.keyName() + " " + Base64.getEncoder().encodeToString(all) + "\n";
    }
}
