package dev.transferguard.audit;

import dev.transferguard.audit.internal.note.Ed25519Der;
import dev.transferguard.audit.internal.note.KeyFiles;
import dev.transferguard.audit.internal.note.KeyNames;
import dev.transferguard.audit.internal.note.Pem;
import dev.transferguard.audit.internal.note.StrictBase64;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of an audit signing key, with its name: what a verifier trusts. Its key id is the
 * C2SP signed-note one, the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), so that a
 * signature line names the key it needs. Its text form is the C2SP verifier key
 * {@code NAME+<8 hex key id>+<base64(0x01 || public key)>}.
 *
 * <p>Immutable and thread-safe. Two verifier keys are equal when name and public key are.
 */
public final class VerifierKey {

    /** The signed-note algorithm byte for Ed25519. */
    private static final byte ALGORITHM_ED25519 = 0x01;
    private static final int PUBLIC_KEY_SIZE = Ed25519PublicKeyParameters.KEY_SIZE;
    private static final String PEM_LABEL = "PUBLIC KEY";

    private final String name;
    private final Ed25519PublicKeyParameters publicKey;
    private final int keyId;

    private VerifierKey(String name, Ed25519PublicKeyParameters publicKey) {
        this.name = name;
        this.publicKey = publicKey;
        this.keyId = keyId(name, publicKey.getEncoded());
    }

    /**
     * A verifier key from a name and raw Ed25519 public key bytes.
     *
     * @param name      the key name (C2SP rules: non-empty, no spaces, no '+')
     * @param publicKey the 32-byte Ed25519 public key
     * @return the verifier key
     * @throws IllegalArgumentException when the name or the key is not valid
     */
    public static VerifierKey of(String name, byte[] publicKey) {
        KeyNames.require(name);
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has " + PUBLIC_KEY_SIZE + " bytes, not "
                    + publicKey.length);
        }
        Ed25519PublicKeyParameters parameters = toParameters(publicKey);
        if (parameters == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new VerifierKey(name, parameters);
    }

    /**
     * Parses the C2SP verifier key form {@code NAME+<8 hex key id>+<base64(0x01 || public key)>}.
     *
     * @param text the verifier key
     * @return the verifier key
     * @throws KeyFormatException when it is malformed, not Ed25519, or its key id does not match
     */
    public static VerifierKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int plus1 = text.indexOf('+');
        int plus2 = plus1 < 0 ? -1 : text.indexOf('+', plus1 + 1);
        if (plus2 < 0) {
            throw new KeyFormatException("verifier key: expected NAME+KEYID+KEY");
        }
        String keyName = text.substring(0, plus1);
        String problem = KeyNames.problem(keyName);
        if (problem != null) {
            throw new KeyFormatException("verifier key: " + problem);
        }
        String hex = text.substring(plus1 + 1, plus2);
        if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new KeyFormatException("verifier key " + keyName + ": the key id must be 8 hex digits");
        }
        byte[] encoded = StrictBase64.decode(text.substring(plus2 + 1));
        if (encoded == null) {
            throw new KeyFormatException("verifier key " + keyName + ": the key is not valid base64");
        }
        if (encoded.length == 0 || encoded[0] != ALGORITHM_ED25519) {
            throw new KeyFormatException("verifier key " + keyName + ": not an Ed25519 key (algorithm byte "
                    + (encoded.length == 0 ? "missing" : String.format("0x%02x", encoded[0])) + ")");
        }
        if (encoded.length != 1 + PUBLIC_KEY_SIZE) {
            throw new KeyFormatException("verifier key " + keyName + ": an Ed25519 key has " + PUBLIC_KEY_SIZE
                    + " bytes, not " + (encoded.length - 1));
        }
        Ed25519PublicKeyParameters parameters = toParameters(Arrays.copyOfRange(encoded, 1, encoded.length));
        if (parameters == null) {
            throw new KeyFormatException("verifier key " + keyName + ": not a valid Ed25519 public key");
        }
        VerifierKey key = new VerifierKey(keyName, parameters);
        if (key.keyId != HexFormat.fromHexDigits(hex)) {
            throw new KeyFormatException("verifier key " + keyName + ": the key id " + hex
                    + " does not match the name and key (expected " + key.keyIdHex() + ")");
        }
        return key;
    }

    /**
     * Reads an SPKI {@code PUBLIC KEY} PEM file, taking the key name from the file name
     * ({@code NAME.pub.pem}, {@code NAME.pem}).
     *
     * @param file the PEM file
     * @return the verifier key
     * @throws IOException        when the file cannot be read
     * @throws KeyFormatException when it is not an Ed25519 public key in PEM, or the name is not valid
     */
    public static VerifierKey readPem(Path file) throws IOException {
        return readPem(file, KeyFiles.nameFromFileName(file));
    }

    /**
     * Reads an SPKI {@code PUBLIC KEY} PEM file under the given name.
     *
     * @param file the PEM file
     * @param name the key name
     * @return the verifier key
     * @throws IOException        when the file cannot be read
     * @throws KeyFormatException when it is not an Ed25519 public key in PEM
     */
    public static VerifierKey readPem(Path file, String name) throws IOException {
        KeyNames.require(name);
        String source = file.toString();
        byte[] der = Pem.decode(KeyFiles.read(file), PEM_LABEL, source);
        return new VerifierKey(name, Ed25519Der.decodePublic(der, source));
    }

    /**
     * Writes the public key as an SPKI {@code PUBLIC KEY} PEM file. The name is not in the file: keep
     * it in the file name ({@code NAME.pub.pem}) or next to it.
     *
     * @param file a file that does not exist yet
     * @throws IOException when it cannot be written or already exists
     */
    public void writePem(Path file) throws IOException {
        KeyFiles.writeNew(file, Pem.encode(PEM_LABEL, Ed25519Der.encodePublic(publicKey)), false);
    }

    /** @return the key name */
    public String name() {
        return name;
    }

    /** @return the C2SP key id: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key), big-endian */
    public int keyId() {
        return keyId;
    }

    /** @return the key id as 8 lowercase hex digits */
    public String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    /**
     * The key's label: name+keyid, as signature lines and messages name a key. It names the key without
     * its public half; {@link #format()} is the whole verifier key.
     *
     * @return {@code name+<8 lowercase hex key id>}
     */
    public String label() {
        return KeyNames.label(name, keyId);
    }

    /** @return a copy of the 32-byte Ed25519 public key */
    public byte[] publicKey() {
        return publicKey.getEncoded();
    }

    /**
     * Checks an Ed25519 signature made by the matching {@link SigningKey}.
     *
     * @param message   the signed bytes
     * @param signature the 64-byte signature
     * @return whether the signature is valid for this key and message
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** @return the C2SP verifier key {@code NAME+<8 hex key id>+<base64(0x01 || public key)>} */
    public String format() {
        byte[] encoded = new byte[1 + PUBLIC_KEY_SIZE];
        encoded[0] = ALGORITHM_ED25519;
        publicKey.encode(encoded, 1);
        return label() + "+" + Base64.getEncoder().encodeToString(encoded);
    }

    /** @return the same as {@link #format()}: a verifier key is public */
    @Override
    public String toString() {
        return format();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey other && name.equals(other.name)
                && MessageDigest.isEqual(publicKey.getEncoded(), other.publicKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId;
    }

    /** Package access for {@link SigningKey}, which derives its verifier key from its private key. */
    static VerifierKey derived(String name, Ed25519PublicKeyParameters publicKey) {
        return new VerifierKey(name, publicKey);
    }

    private static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ALGORITHM_ED25519);
            sha256.update(publicKey);
            return ByteBuffer.wrap(sha256.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Ed25519PublicKeyParameters toParameters(byte[] raw) {
        try {
            return new Ed25519PublicKeyParameters(raw);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
