package dev.transferguard.examples.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.examples.crm.demo.StubPartner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The CRM service as it runs, over real HTTP on loopback: partners in the United States and Singapore are
 * stub services on random ports, mapped to their jurisdictions by port-specific host rules. The service's
 * own {@code application.properties} holds the legal bases on file.
 */
@SpringBootTest(classes = CrmApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.root=WARN", "spring.main.banner-mode=off",
                "guard.pseudonym-key=the CRM's pseudonym key, kept with its logs"})
class CrmApplicationIT {

    static final StubPartner MAILER_US = new StubPartner("mailer-us");
    static final StubPartner SUPPORT_SG = new StubPartner("support-sg");
    static final SigningKey KEY = SigningKey.generate("crm-it");
    static final Path DIR = directory();

    static Path directory() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "crm-it");
            KEY.writePem(dir.resolve("crm-it.key"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        registry.add("crm.partners.mailer-us", () -> MAILER_US.importUrl().toString());
        registry.add("crm.partners.support-sg", () -> SUPPORT_SG.importUrl().toString());
        registry.add("guard.hosts.US", MAILER_US::hostAndPort);
        registry.add("guard.hosts.SG", SUPPORT_SG::hostAndPort);
        registry.add("guard.audit.directory", () -> DIR.resolve("audit").toString());
        registry.add("guard.audit.key", () -> DIR.resolve("crm-it.key").toString());
    }

    @AfterAll
    static void stopPartners() {
        MAILER_US.close();
        SUPPORT_SG.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    AuditLog audit;

    RestClient client;

    @BeforeEach
    void client() {
        MAILER_US.reset();
        SUPPORT_SG.reset();
        client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
    }

    ResponseEntity<Map<String, Object>> export(String partner) {
        return client.post().uri("/exports/{partner}", partner).retrieve()
                .toEntity(new ParameterizedTypeReference<>() { });
    }

    @Test
    void anAllowedExportArrivesAtItsPartner() {
        ResponseEntity<Map<String, Object>> response = export("mailer-us");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).containsEntry("decision", "ALLOW").containsEntry("destination", "US")
                .containsEntry("customers", 3).containsEntry("rules", List.of("eu.gdpr/data-privacy-framework"))
                .containsEntry("bases", List.of("dpf-certified"));
        assertThat(MAILER_US.received()).singleElement().asString()
                .contains("anna.schmidt@example.de", "Camille Martin");
    }

    @Test
    void aDeniedExportNeverReachesItsPartnerAndIsAnsweredWith451() {
        ResponseEntity<Map<String, Object>> response = export("support-sg");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAVAILABLE_FOR_LEGAL_REASONS);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = response.getBody();
        assertThat(problem).containsEntry("title", "Transfer denied").containsEntry("status", 451)
                .containsEntry("instance", "/exports/support-sg");
        assertThat((String) problem.get("detail")).startsWith("Transfer denied by eu.gdpr/transfer-impact-assessment")
                .contains("eu.gdpr/transfer-impact-assessment needs tia");
        assertThat(problem.get("unmet")).asList().singleElement().asString()
                .contains("rule=transfer-impact-assessment", "anyOf=[tia]");
        assertThat(problem.get("remedies")).asList().contains(List.of("tia"));
        assertThat((String) problem.get("policyDigest")).startsWith("sha256:");
        assertThat(problem.toString()).doesNotContain("Anna").doesNotContain("example.de").doesNotContain("c-1001");
        assertThat(SUPPORT_SG.received()).isEmpty();
    }

    @Test
    void anUnknownPartnerIsNotFound() {
        assertThat(export("nobody").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theAuditLogHoldsOneRecordPerDecisionAndVerifies() {
        long before = audit.size();
        export("mailer-us");
        export("support-sg");
        export("nobody");   // not decided: no partner, no transfer
        assertThat(audit.size()).isEqualTo(before + 2);
        audit.checkpoint();

        AuditVerification verified = AuditVerifier.builder().trust(KEY.verifierKey()).build().verify(audit.directory());
        assertThat(verified.intact()).as("%s", verified.fault()).isTrue();
        assertThat(verified.origin()).isEqualTo("transferguard/crm");
        assertThat(verified.signedRecords()).isEqualTo(verified.records()).isEqualTo(before + 2);
        List<AuditRecord> records;
        try (Stream<AuditRecord> s = AuditReader.records(audit.directory())) {
            records = s.toList();
        }
        assertThat(records.subList(records.size() - 2, records.size()))
                .extracting(r -> r.transfer().destination() + " " + r.decision().outcome())
                .containsExactly("US ALLOW", "SG DENY");
        AuditRecord last = records.get(records.size() - 1);
        assertThat(last.caller().service()).isEqualTo("crm");
        assertThat(last.caller().method()).isNotBlank();
        assertThat(last.transfer().categories()).containsExactly("personal.contact", "personal.identity");
        assertThat(last.transfer().subjects().count()).isEqualTo(3);
        assertThat(last.transfer().subjects().residence()).containsExactlyInAnyOrder("DE", "FR");
        assertThat(records).allSatisfy(r -> assertThat(r.line()).doesNotContain("Anna").doesNotContain("example.")
                .doesNotContain("c-100"));
    }
}
