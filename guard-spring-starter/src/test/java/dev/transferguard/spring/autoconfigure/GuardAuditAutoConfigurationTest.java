package dev.transferguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transferguard.Guard;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.spring.actuate.GuardEndpoint;
import dev.transferguard.spring.autoconfigure.GuardAutoConfigurationTest.Exports;
import dev.transferguard.spring.autoconfigure.GuardAutoConfigurationTest.ExportsConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The audit log in the starter: on with {@code guard.audit.directory}, fed by the guard, closed at shutdown. */
class GuardAuditAutoConfigurationTest {

    @TempDir
    Path tmp;

    SigningKey key;
    Path keyFile;
    Path log;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(GuardAutoConfigurationTest.ALL)
            .withUserConfiguration(ExportsConfiguration.class)
            .withPropertyValues("guard.jurisdiction=CN", "guard.entity.ciio=false", "guard.entity.ftz=false",
                    "guard.bases.destinations.SG=separate-consent, pipia", "spring.application.name=crm");

    @BeforeEach
    void key() throws IOException {
        key = SigningKey.generate("crm-audit");
        keyFile = tmp.resolve("crm-audit.key");
        key.writePem(keyFile);
        log = tmp.resolve("audit");
    }

    ApplicationContextRunner audited() {
        return runner.withPropertyValues("guard.audit.directory=" + log, "guard.audit.key=" + keyFile);
    }

    AuditVerification verify() {
        return AuditVerifier.builder().trust(key.verifierKey()).build().verify(log);
    }

    static List<AuditRecord> records(Path log) {
        try (Stream<AuditRecord> s = AuditReader.records(log)) {
            return s.toList();
        }
    }

    /** The starter's own report of a configuration mistake, among the causes of a failed start. */
    static GuardConfigurationException configurationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GuardConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no GuardConfigurationException among the causes of " + failure, failure);
    }

    /** The guard's health through the line's own health types, which Spring Boot 4 moved: "UP" or "DOWN". */
    static String health(Object indicator, Map<String, Object> details) throws ReflectiveOperationException {
        Object health = indicator.getClass().getMethod("health").invoke(indicator);
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) health.getClass().getMethod("getDetails").invoke(health);
        details.putAll(d);
        return health.getClass().getMethod("getStatus").invoke(health).toString();
    }

    @Test
    void theGuardsHealthSaysWhetherItsLogCanRecord() {
        audited().run(context -> {
            Object indicator = context.getBean("guardHealthIndicator");
            Map<String, Object> details = new HashMap<>();
            assertThat(health(indicator, details)).isEqualTo("UP");
            assertThat(details).containsEntry("mode", "enforce").containsKey("policies");
            assertThat(details.get("audit")).asString().contains("writable=true");
            // The log's directory removed from under the service: every guarded call would now deny.
            context.getBean(AuditLog.class).close();
            try (Stream<Path> files = Files.walk(log)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            details.clear();
            assertThat(health(indicator, details)).isEqualTo("DOWN");
            assertThat(details.get("audit")).asString().contains("the log's directory is not writable");
        });
        runner.withPropertyValues("management.health.guard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("guardHealthIndicator"));
    }

    @Test
    void noAuditLogWithoutADirectory() {
        runner.withPropertyValues("guard.audit.key=" + keyFile).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AuditLog.class);
            assertThat(context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI)).isEqualTo("sent to SG");
        });
        assertThat(log).doesNotExist();
    }

    @Test
    void everyDecisionIsRecordedSignedAndVerifiable() {
        audited().run(context -> {
            assertThat(context).hasSingleBean(AuditLog.class);
            AuditLog audit = context.getBean(AuditLog.class);
            assertThat(audit.origin()).isEqualTo("transferguard/crm");
            assertThat(audit.durability()).isEqualTo(AuditLog.Durability.SYNC);
            Exports exports = context.getBean(Exports.class);
            exports.toSingapore(GuardAutoConfigurationTest.LI);
            assertThatThrownBy(() -> exports.toUnitedStates(GuardAutoConfigurationTest.LI))
                    .isInstanceOf(TransferDeniedException.class);
            assertThat(audit.size()).isEqualTo(2);
        });
        // Closing the context closed the log, which signed a last checkpoint over everything.
        AuditVerification v = verify();
        assertThat(v.intact()).as("%s", v.fault()).isTrue();
        assertThat(v.records()).isEqualTo(2);
        assertThat(v.signedRecords()).isEqualTo(2);
        assertThat(v.warnings()).isEmpty();
        List<AuditRecord> records = records(log);
        assertThat(records).extracting(r -> r.decision().outcome().name()).containsExactly("ALLOW", "DENY");
        assertThat(records).extracting(r -> r.transfer().destination()).containsExactly("SG", "US");
        assertThat(records).extracting(r -> r.caller().service()).containsOnly("crm");
        assertThat(records).extracting(r -> r.caller().method()).satisfiesExactly(
                m -> assertThat(m).contains("toSingapore"), m -> assertThat(m).contains("toUnitedStates"));
        assertThat(records).allSatisfy(r -> assertThat(r.line()).doesNotContain("li@example.cn").doesNotContain("c-1"));
    }

    @Test
    void theTwoPropertiesOfTheDocsTurnTheLogOn() throws IOException {
        java.util.Properties docs = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/audit-example.properties")) {
            docs.load(in);
        }
        assertThat(docs).hasSize(2);
        // The documented paths are relative to the working directory: here, to a fresh one.
        Files.createDirectories(tmp.resolve("keys"));
        Files.move(keyFile, tmp.resolve(docs.getProperty("guard.audit.key")));
        log = tmp.resolve(docs.getProperty("guard.audit.directory"));
        runner.withPropertyValues(docs.stringPropertyNames().stream()
                .map(k -> k + "=" + tmp.resolve(docs.getProperty(k))).toArray(String[]::new))
                .run(context -> context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI));
        assertThat(verify().records()).isEqualTo(1);
    }

    @Test
    void theLogIsReopenedAfterARestart() {
        audited().run(context -> context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI));
        audited().run(context -> {
            context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI);
            assertThat(context.getBean(AuditLog.class).size()).isEqualTo(2);
        });
        assertThat(verify().intact()).isTrue();
        assertThat(verify().records()).isEqualTo(2);
    }

    @Test
    void withAPseudonymKeyFileAPersonHasOnePseudonymAcrossRestarts() throws IOException {
        Path secret = Files.write(tmp.resolve("pseudonyms.secret"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                13, 14, 15, 16, 17});
        ApplicationContextRunner app = audited().withPropertyValues("guard.audit.pseudonym-key-file=" + secret);
        app.run(context -> context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI));
        app.run(context -> context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI));
        List<AuditRecord> records = records(log);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).transfer().subjects().ids()).singleElement().asString().startsWith("hmac-sha256:");
        assertThat(records.get(1).transfer().subjects().ids()).isEqualTo(records.get(0).transfer().subjects().ids());
    }

    @Test
    void withBothKeyPropertiesTheFileIsTheOneKeyAndEachIdIsPseudonymisedOnce() throws Exception {
        byte[] fileKey = "the key kept with the log, 32 b.".getBytes(StandardCharsets.UTF_8);
        Path secret = Files.write(tmp.resolve("pseudonyms.secret"), fileKey);
        audited().withPropertyValues("guard.audit.pseudonym-key-file=" + secret,
                "guard.pseudonym-key=a different key, not to be used").run(context ->
                        context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(fileKey, "HmacSHA256"));
        String expected = "hmac-sha256:" + HexFormat.of().formatHex(
                mac.doFinal(GuardAutoConfigurationTest.LI.id().getBytes(StandardCharsets.UTF_8)));
        assertThat(records(log)).singleElement()
                .satisfies(r -> assertThat(r.transfer().subjects().ids()).containsExactly(expected));
    }

    @Test
    void aShortPseudonymKeyPropertyStopsTheStartNamingIt() {
        runner.withPropertyValues("guard.pseudonym-key=short").run(context -> assertThat(
                configurationFailure(context.getStartupFailure()))
                .hasMessage("guard.pseudonym-key holds 5 bytes, fewer than 16"));
    }

    @Test
    void propertiesSetOriginDurabilityCheckpointsAndPseudonymKey() throws IOException {
        Path secret = Files.write(tmp.resolve("pseudonyms.secret"), "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
        audited().withPropertyValues("guard.audit.origin=example.com/crm", "guard.audit.durability=async",
                "guard.audit.checkpoint.records=1", "guard.audit.checkpoint.interval=5s",
                "guard.audit.pseudonym-key-file=" + secret).run(context -> {
                    AuditLog audit = context.getBean(AuditLog.class);
                    assertThat(audit.origin()).isEqualTo("example.com/crm");
                    assertThat(audit.durability()).isEqualTo(AuditLog.Durability.ASYNC);
                    context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI);
                    audit.flush();
                    // One record per checkpoint: the record is signed without waiting for the interval.
                    long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                    while (audit.latestCheckpoint().treeSize() < 1 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertThat(audit.latestCheckpoint().treeSize()).isEqualTo(1);
                });
        assertThat(records(log)).singleElement().satisfies(r -> assertThat(r.origin()).isEqualTo("example.com/crm"));
    }

    @Test
    void theGuardBacksOffToTheApplicationsOwnLog() {
        AuditLog own = AuditLog.builder().directory(tmp.resolve("own")).origin("example.com/own").signingKey(key)
                .pseudonymKey(new byte[16]).open();
        try {
            audited().withBean(AuditLog.class, () -> own).run(context -> {
                assertThat(context.getBean(AuditLog.class)).isSameAs(own);
                context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI);
                assertThat(own.size()).isEqualTo(1);
            });
            assertThat(log).doesNotExist();
        } finally {
            own.close();
        }
    }

    @Test
    void theEndpointShowsTheLatestCheckpoint() {
        audited().withPropertyValues("management.endpoints.web.exposure.include=guard").run(context -> {
            context.getBean(Exports.class).toSingapore(GuardAutoConfigurationTest.LI);
            context.getBean(AuditLog.class).checkpoint();
            GuardEndpoint.AuditDescriptor audit = context.getBean(GuardEndpoint.class).guard().audit();
            assertThat(audit.origin()).isEqualTo("transferguard/crm");
            assertThat(audit.records()).isEqualTo(1);
            assertThat(audit.latestCheckpoint().treeSize()).isEqualTo(1);
        });
    }

    @Test
    void aMissingKeyStopsTheStartSayingWhatToDo() {
        audited().withPropertyValues("guard.audit.key=/etc/crm/keys/crm-audit.key").run(context -> {
            assertThat(configurationFailure(context.getStartupFailure()))
                    .hasMessage("guard.audit.key: the audit signing key /etc/crm/keys/crm-audit.key does not exist");
            FailureAnalysis analysis = new GuardConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("guard.audit.key: the audit signing key /etc/crm/keys/crm-audit.key does not exist");
            assertThat(analysis.getAction()).contains("guard keygen --name NAME --out DIR");
        });
        runner.withPropertyValues("guard.audit.directory=" + log).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageStartingWith("guard.audit.key is not set: the audit log in " + log));
        assertThat(log).doesNotExist();
    }

    @Test
    void anUnreadableKeyStopsTheStart() throws IOException {
        Path garbage = Files.writeString(tmp.resolve("garbage.key"), "not a key\n");
        audited().withPropertyValues("guard.audit.key=" + garbage).run(context -> assertThat(
                configurationFailure(context.getStartupFailure())).hasMessage("guard.audit.key: " + garbage
                        + ": not a PEM file (no '-----BEGIN PRIVATE KEY-----' line)"));
        Path shortSecret = Files.writeString(tmp.resolve("short.secret"), "short");
        audited().withPropertyValues("guard.audit.pseudonym-key-file=" + shortSecret).run(context ->
                assertThat(context).getFailure().rootCause().hasMessage("guard.audit.pseudonym-key-file: "
                        + shortSecret + " holds 5 bytes, fewer than 16"));
    }

    @Test
    void guardDecideIsRecordedToo() {
        audited().run(context -> {
            Guard guard = context.getBean(Guard.class);
            guard.decide(dev.transferguard.Transfer.builder().origin("CN").destination("CN")
                    .categories("personal.contact").build());
            assertThat(context.getBean(AuditLog.class).size()).isEqualTo(1);
        });
    }
}
