package dev.transferguard.spring.autoconfigure;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.KeyFormatException;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The signed audit log, opened from {@code guard.audit.*} when {@code guard.audit.directory} is set, and
 * closed (with a last signed checkpoint) when the application stops. Its pseudonym key, which {@link PseudonymKeys}
 * chooses, is the one key of subject ids: the guard leaves the ids of guarded methods to the log.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "guard.audit", name = "directory")
class GuardAuditConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GuardAuditConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AuditLog guardAuditLog(GuardProperties properties, Environment environment) {
        GuardProperties.Audit audit = properties.getAudit();
        GuardProperties.Checkpoint checkpoint = audit.getCheckpoint();
        AuditLog.Builder builder = AuditLog.builder().directory(audit.getDirectory())
                .origin(origin(audit, environment))
                .signingKey(signingKey(audit))
                .pseudonymKey(PseudonymKeys.of(properties))
                .durability(audit.getDurability());
        try {
            builder.checkpointEvery(checkpoint.getRecords(), checkpoint.getInterval());
        } catch (IllegalArgumentException e) {
            throw new GuardConfigurationException("guard.audit.checkpoint: " + e.getMessage(),
                    "Set guard.audit.checkpoint.records to at least 1 and guard.audit.checkpoint.interval to a"
                            + " positive duration, such as 1s.", e);
        }
        AuditLog log = builder.open();
        LOG.info("Transfer Guard audit log {}: origin {}, {} records, {}", log.directory(), log.origin(), log.size(),
                log.durability().name().toLowerCase(java.util.Locale.ROOT));
        return log;
    }

    static String origin(GuardProperties.Audit audit, Environment environment) {
        if (audit.getOrigin() != null && !audit.getOrigin().isBlank()) {
            return audit.getOrigin().strip();
        }
        return "transferguard/" + environment.getProperty("spring.application.name", "application");
    }

    static SigningKey signingKey(GuardProperties.Audit audit) {
        Path file = audit.getKey();
        String action = "Point guard.audit.key at the PKCS#8 PEM file of an Ed25519 key; "
                + "'guard keygen --name NAME --out DIR' writes one as DIR/NAME.key.";
        if (file == null) {
            throw new GuardConfigurationException("guard.audit.key is not set: the audit log in "
                    + audit.getDirectory() + " needs a key to sign its checkpoints", action, null);
        }
        try {
            return SigningKey.readPem(file);
        } catch (NoSuchFileException e) {
            throw new GuardConfigurationException("guard.audit.key: the audit signing key " + file
                    + " does not exist", action, e);
        } catch (IOException e) {
            throw new GuardConfigurationException("guard.audit.key: the audit signing key " + file
                    + " cannot be read: " + e, action, e);
        } catch (KeyFormatException e) {
            throw new GuardConfigurationException("guard.audit.key: " + e.getMessage(), action, e);
        }
    }
}
