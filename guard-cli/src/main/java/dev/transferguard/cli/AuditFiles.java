package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.PseudonymKey;
import dev.transferguard.audit.KeyFormatException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading the key files and key strings the audit commands take. */
final class AuditFiles {

    /** A pseudonym key file larger than this is not a key. */
    private static final long MAX_SECRET = 4096;

    private AuditFiles() {
    }

    /**
     * Verifier keys from {@code --key} values: each an SPKI PEM file (the key name taken from the file name,
     * {@code NAME.pub}) or a verifier key string {@code NAME+<key id>+<base64>}.
     */
    static List<VerifierKey> verifierKeys(List<String> values) {
        List<VerifierKey> keys = new ArrayList<>();
        for (String v : values) {
            Path p = Path.of(v);
            if (Files.isRegularFile(p)) {
                try {
                    keys.add(VerifierKey.readPem(p));
                } catch (IOException e) {
                    throw new GuardException(v + ": cannot read: " + e.getMessage());
                }
            } else if (v.indexOf('+') > 0) {
                try {
                    keys.add(VerifierKey.parse(v));
                } catch (KeyFormatException e) {
                    throw new GuardException("--key: " + e.getMessage());
                }
            } else {
                throw new GuardException("--key " + v + ": no such file, and not a verifier key NAME+KEYID+KEY");
            }
        }
        if (keys.isEmpty()) {
            throw new GuardException("--key: give at least one public key");
        }
        return keys;
    }

    /**
     * A signing key from a PKCS#8 PEM file, named by the file name ({@code NAME.key}); warns on {@code err}
     * when the file is readable by others than its owner.
     */
    static SigningKey signingKey(Path file, java.io.PrintWriter err) {
        SigningKey.exposureOf(file).ifPresent(exposed -> {
            err.println("warning: " + exposed);
            err.flush();
        });
        try {
            return SigningKey.readPem(file);
        } catch (NoSuchFileException e) {
            throw new GuardException(file + ": no such file");
        } catch (IOException e) {
            throw new GuardException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The pseudonym key: the bytes of a file, checked as every pseudonym key is. */
    static byte[] secret(Path file) {
        try {
            if (Files.size(file) > MAX_SECRET) {
                throw new GuardException(file + ": too large for a pseudonym key");
            }
            try {
                return PseudonymKey.check(Files.readAllBytes(file), file.toString());
            } catch (IllegalArgumentException e) {
                throw new GuardException(e.getMessage());
            }
        } catch (NoSuchFileException e) {
            throw new GuardException(file + ": no such file");
        } catch (IOException e) {
            throw new GuardException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Checks that a directory holds an audit log before a command reads it. */
    static Path logDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new GuardException("--log " + dir + ": no such directory");
        }
        return dir;
    }
}
