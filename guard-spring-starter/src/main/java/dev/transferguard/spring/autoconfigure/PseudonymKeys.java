package dev.transferguard.spring.autoconfigure;

import dev.transferguard.PseudonymKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides which key pseudonymises subject ids. There is one key per application: the audit
 * log's when the starter opens one (the guard then leaves its ids to the log, which pseudonymises each once),
 * else the guard's. Either way it is, in this order:
 * <ol>
 * <li>the bytes of {@code guard.audit.pseudonym-key-file}, the key kept with the log;</li>
 * <li>the UTF-8 bytes of {@code guard.pseudonym-key};</li>
 * <li>a random key made at startup, so that a person transferred before and after a restart counts twice.</li>
 * </ol>
 * A key file, named for the log, wins over the general property; setting both is reported, as the property is
 * then not used.
 */
final class PseudonymKeys {

    private static final Logger LOG = LoggerFactory.getLogger(PseudonymKeys.class);

    private PseudonymKeys() {
    }

    /**
     * The key, from the properties.
     *
     * @throws GuardConfigurationException if the file cannot be read, or a key is shorter than the guard takes
     */
    static byte[] of(GuardProperties properties) {
        Path file = properties.getAudit().getPseudonymKeyFile();
        String property = properties.getPseudonymKey();
        if (file != null) {
            if (property != null) {
                LOG.warn("Both guard.audit.pseudonym-key-file and guard.pseudonym-key are set: subject pseudonyms"
                        + " are keyed with the file {}; guard.pseudonym-key is not used", file);
            }
            return fromFile(file);
        }
        if (property != null) {
            return checked(property.getBytes(StandardCharsets.UTF_8), "guard.pseudonym-key",
                    "Set guard.pseudonym-key to a secret of at least " + PseudonymKey.MIN_BYTES + " bytes, and keep"
                            + " it as long as the logs and counters.");
        }
        LOG.warn("Neither guard.audit.pseudonym-key-file nor guard.pseudonym-key is set: subject pseudonyms are"
                + " keyed with a random key made at startup, so a person transferred before and after a restart is"
                + " counted twice");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] fromFile(Path file) {
        String action = "Point guard.audit.pseudonym-key-file at a file of at least " + PseudonymKey.MIN_BYTES
                + " secret bytes, e.g. made with 'head -c 32 /dev/urandom > FILE', and keep it as long as the log.";
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GuardConfigurationException("guard.audit.pseudonym-key-file: " + file + " does not exist",
                    action, e);
        } catch (IOException e) {
            throw new GuardConfigurationException("guard.audit.pseudonym-key-file: " + file + " cannot be read: " + e,
                    action, e);
        }
        return checked(key, "guard.audit.pseudonym-key-file: " + file, action);
    }

    private static byte[] checked(byte[] key, String what, String action) {
        try {
            return PseudonymKey.check(key, what);
        } catch (IllegalArgumentException e) {
            throw new GuardConfigurationException(e.getMessage(), action, e);
        }
    }
}
