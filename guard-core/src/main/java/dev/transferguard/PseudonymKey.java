package dev.transferguard;

import dev.transferguard.audit.internal.note.KeyFiles;
import dev.transferguard.internal.Pseudonyms;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;

/**
 * The rule for a secret key of subject-id pseudonyms (HMAC-SHA256): at least {@value #MIN_BYTES} bytes. The
 * builders ({@link Guard.Builder#pseudonymKey(byte[])}, {@code AuditLog.Builder.pseudonymKey}) apply it; an
 * integration that reads a key from its configuration applies it too, naming where the key came from, so that
 * a bad key is refused with the same message wherever it is given.
 */
public final class PseudonymKey {

    /** Shorter keys are refused: they could be guessed. */
    public static final int MIN_BYTES = Pseudonyms.MIN_KEY_BYTES;

    /** The size of the keys {@link #generate(Path)} writes: as long as the HMAC-SHA256 output. */
    public static final int GENERATED_BYTES = 32;

    private PseudonymKey() {
    }

    /**
     * Checks a pseudonym key.
     *
     * @param key  the candidate key
     * @param what where it comes from, for the message: a property, a file
     * @return a copy of the key
     * @throws IllegalArgumentException when it is {@code null} or has fewer than {@value #MIN_BYTES} bytes;
     *                                  the message starts with {@code what}
     */
    public static byte[] check(byte[] key, String what) {
        return Pseudonyms.checkKey(key, what);
    }

    /**
     * Writes a new key of {@value #GENERATED_BYTES} random bytes (from {@link SecureRandom}) to a file that must
     * not exist yet, readable and writable by its owner only where the file system has POSIX permissions, and
     * forces it to the disk before returning.
     *
     * @param file the new key file
     * @throws IOException when it cannot be written; {@link java.nio.file.FileAlreadyExistsException} when it
     *                     exists: a key is never overwritten, since the pseudonyms it made would be lost
     */
    public static void generate(Path file) throws IOException {
        byte[] key = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(key);
        KeyFiles.writeNew(file, key, true);
    }

    /**
     * The keyed pseudonyms of subject ids under a key, as the audit log writes them ({@code hmac-sha256:} and the
     * hex of HMAC-SHA256 of the id's UTF-8 bytes): for a component that keeps subjects, such as a shared counter
     * store, and must keep only pseudonyms. The same id gives the same pseudonym under the same key.
     *
     * @param key the secret key, at least {@value #MIN_BYTES} bytes; copied
     * @return a thread-safe function from an id to its pseudonym
     * @throws IllegalArgumentException when the key is {@code null} or too short
     */
    public static UnaryOperator<String> pseudonyms(byte[] key) {
        return new Pseudonyms(check(key, "the pseudonym key"))::of;
    }
}
