package dev.transferguard.audit;

import dev.transferguard.audit.internal.note.Ed25519Der;
import dev.transferguard.audit.internal.note.KeyFiles;
import dev.transferguard.audit.internal.note.KeyNames;
import dev.transferguard.audit.internal.note.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named Ed25519 private key that signs the audit log's checkpoints. Its name goes into every
 * signature line, so verifiers can tell keys apart, e.g. during a rotation overlap.
 *
 * <p>The key material never leaves this object except through {@link #writePem(Path)}:
 * {@link #toString()} shows the name and the public key id only. Thread-safe.
 */
public final class SigningKey {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);
    private static final String PEM_LABEL = "PRIVATE KEY";

    private final String name;
    private final Ed25519PrivateKeyParameters privateKey;
    private final VerifierKey verifierKey;

    private SigningKey(String name, Ed25519PrivateKeyParameters privateKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.verifierKey = VerifierKey.derived(name, privateKey.generatePublicKey());
    }

    /**
     * Generates a new key from a fresh {@link SecureRandom}.
     *
     * @param name the key name (C2SP rules: non-empty, no spaces, no '+')
     * @return the new key
     * @throws IllegalArgumentException when the name is not valid
     */
    public static SigningKey generate(String name) {
        return generate(name, new SecureRandom());
    }

    /**
     * Generates a new key.
     *
     * @param name   the key name
     * @param random the source of the key's 32 random bytes
     * @return the new key
     * @throws IllegalArgumentException when the name is not valid
     */
    public static SigningKey generate(String name, SecureRandom random) {
        KeyNames.require(name);
        Objects.requireNonNull(random, "random");
        return new SigningKey(name, new Ed25519PrivateKeyParameters(random));
    }

    /**
     * Reads a PKCS#8 {@code PRIVATE KEY} PEM file (as {@link #writePem} or {@code openssl genpkey
     * -algorithm ed25519} write it), taking the key name from the file name ({@code NAME.key.pem},
     * {@code NAME.pem}).
     *
     * @param file the PEM file
     * @return the key
     * @throws IOException        when the file cannot be read
     * @throws KeyFormatException when it is not an Ed25519 private key in PEM, or the name is not valid
     */
    public static SigningKey readPem(Path file) throws IOException {
        return readPem(file, KeyFiles.nameFromFileName(file));
    }

    /**
     * Reads a PKCS#8 {@code PRIVATE KEY} PEM file under the given name. A file that its group or others may
     * read or write is read all the same, with a warning (slf4j WARN): the key may have leaked.
     *
     * @param file the PEM file
     * @param name the key name
     * @return the key
     * @throws IOException        when the file cannot be read
     * @throws KeyFormatException when it is not an Ed25519 private key in PEM
     */
    public static SigningKey readPem(Path file, String name) throws IOException {
        KeyNames.require(name);
        String source = file.toString();
        byte[] text = KeyFiles.read(file);
        String exposed = KeyFiles.exposure(file);
        if (exposed != null) {
            LOG.warn("{}", exposed);
        }
        byte[] der = null;
        try {
            der = Pem.decode(text, PEM_LABEL, source);
            return new SigningKey(name, Ed25519Der.decodePrivate(der, source));
        } finally {
            Arrays.fill(text, (byte) 0);
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    /**
     * Whether a private key file can be read or written by others than its owner, for a tool that reads keys to
     * say so where its user sees it; {@link #readPem} only logs it.
     *
     * @param file the key file
     * @return a warning naming the file, its mode and the fix; empty when only its owner has access, when the
     *         file system has no POSIX permissions, or when the file cannot be inspected
     */
    public static Optional<String> exposureOf(Path file) {
        return Optional.ofNullable(KeyFiles.exposure(file));
    }

    /**
     * Writes the private key as a PKCS#8 {@code PRIVATE KEY} PEM file, created with mode 0600 where the
     * file system has POSIX permissions. The name is not in the file: keep it in the file name
     * ({@code NAME.key.pem}).
     *
     * @param file a file that does not exist yet; an existing key is never overwritten
     * @throws IOException when it cannot be written or already exists
     */
    public void writePem(Path file) throws IOException {
        byte[] der = Ed25519Der.encodePrivate(privateKey);
        byte[] pem = Pem.encode(PEM_LABEL, der);
        try {
            KeyFiles.writeNew(file, pem, true);
        } finally {
            Arrays.fill(der, (byte) 0);
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** @return the key name */
    public String name() {
        return name;
    }

    /** @return the public half, with the same name */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /**
     * Signs a message with Ed25519 (RFC 8032, pure, no context).
     *
     * @param message the bytes to sign
     * @return the 64-byte signature
     */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** @return the name and key id, never key material */
    @Override
    public String toString() {
        return "SigningKey[name=" + name + ", keyId=" + verifierKey.keyIdHex() + "]";
    }
}
