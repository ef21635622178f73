package dev.transferguard.spring.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transferguard.TransferDeniedException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.spring.actuate.DecisionTally;
import dev.transferguard.spring.metrics.GuardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The starter in a running CRM service, over real HTTP on loopback: partners in Singapore and the United
 * States are stub servers on random ports. An allowed export arrives; a denied one never reaches its partner,
 * whichever client sends it, and a web request that asked for it is answered with HTTP 451. Every decision is
 * recorded in the signed audit log, which verifies.
 */
@SpringBootTest(classes = CrmApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:example.properties",
        properties = {"management.endpoints.web.exposure.include=guard", "spring.application.name=crm",
                "guard.pseudonym-key=the CRM's pseudonym key, kept with its logs"})
class PartnerExportIT {

    static final StubPartner SINGAPORE = new StubPartner();
    static final StubPartner UNITED_STATES = new StubPartner();
    /** A partner no guard.hosts rule maps. */
    static final StubPartner UNMAPPED = new StubPartner();
    static final SigningKey AUDIT_KEY = SigningKey.generate("crm-audit");
    static final Path AUDIT_DIR = auditDirectory();

    static Path auditDirectory() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "partner-export-audit");
            AUDIT_KEY.writePem(dir.resolve("crm-audit.key"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        registry.add("guard.hosts.SG", SINGAPORE::hostAndPort);
        registry.add("guard.hosts.US", UNITED_STATES::hostAndPort);
        registry.add("guard.audit.directory", () -> AUDIT_DIR.resolve("log").toString());
        registry.add("guard.audit.key", () -> AUDIT_DIR.resolve("crm-audit.key").toString());
    }

    @AfterAll
    static void stopPartners() {
        SINGAPORE.close();
        UNITED_STATES.close();
        UNMAPPED.close();
    }

    @Autowired
    PartnerExport export;

    @Autowired
    ReroutingExport rerouting;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditLog audit;

    @Autowired
    DecisionTally tally;

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        SINGAPORE.reset();
        UNITED_STATES.reset();
    }

    @Test
    void anAllowedExportArrives() {
        export.send(SINGAPORE.uri("/import"), ExportController.CUSTOMERS);
        assertThat(SINGAPORE.received()).hasSize(1);
        assertThat(SINGAPORE.received().get(0)).contains("li.wei@example.cn");
    }

    @Test
    void aDeniedExportNeverReachesItsPartner() {
        assertThatThrownBy(() -> export.send(UNITED_STATES.uri("/import"), ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class)
                .hasMessageContaining("cn.pipl/separate-consent needs separate-consent")
                .hasMessageContaining("would be allowed with pipia + separate-consent")
                .hasMessageNotContaining("li.wei");
        assertThat(UNITED_STATES.received()).isEmpty();
        assertThat(meters.get(GuardMetrics.PACK_VERDICTS).tag("outcome", "deny").tag("pack", "cn.pipl").counter()
                .count()).isPositive();
    }

    @Test
    void aRequestToAHostElsewhereIsStoppedBeforeItIsSent() {
        URI elsewhere = UNITED_STATES.uri("/import");
        assertThatThrownBy(() -> rerouting.withRestClient(elsewhere, ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class)
                .hasMessageStartingWith("Outbound call from ReroutingExport.withRestClient to 127.0.0.1 (US)");
        assertThatThrownBy(() -> rerouting.withRestTemplate(elsewhere, ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class);
        assertThatThrownBy(() -> rerouting.withWebClient(elsewhere, ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class);
        assertThat(UNITED_STATES.received()).isEmpty();

        URI singapore = SINGAPORE.uri("/import");
        rerouting.withRestClient(singapore, ExportController.CUSTOMERS);
        rerouting.withRestTemplate(singapore, ExportController.CUSTOMERS);
        rerouting.withWebClient(singapore, ExportController.CUSTOMERS);
        assertThat(SINGAPORE.received()).hasSize(3);
    }

    @Test
    void aRequestToAHostNoRuleMapsIsStoppedWhicheverClientSendsIt() {
        URI nowhere = URI.create("http://localhost:" + UNMAPPED.uri("/import").getPort() + "/import");
        for (Runnable send : List.<Runnable>of(() -> rerouting.withRestClient(nowhere, ExportController.CUSTOMERS),
                () -> rerouting.withRestTemplate(nowhere, ExportController.CUSTOMERS),
                () -> rerouting.withWebClient(nowhere, ExportController.CUSTOMERS))) {
            assertThatThrownBy(send::run).isInstanceOf(TransferDeniedException.class)
                    .hasMessageContaining("no host rule gives the jurisdiction of host localhost");
        }
        assertThat(UNMAPPED.received()).isEmpty();
    }

    @Test
    void workHandedToOtherThreadsIsCheckedAsTheGuardedMethodWouldBe() {
        URI elsewhere = UNITED_STATES.uri("/import");
        assertThatThrownBy(() -> rerouting.inTheBackground(elsewhere, ExportController.CUSTOMERS))
                .hasRootCauseInstanceOf(TransferDeniedException.class)
                .rootCause().hasMessageStartingWith("Outbound call from ReroutingExport.inTheBackground to 127.0.0.1 (US)");
        assertThatThrownBy(() -> rerouting.fromAReactorChain(elsewhere, ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class)
                .hasMessageStartingWith("Outbound call from ReroutingExport.fromAReactorChain to 127.0.0.1 (US)");
        assertThat(UNITED_STATES.received()).isEmpty();

        URI singapore = SINGAPORE.uri("/import");
        rerouting.inTheBackground(singapore, ExportController.CUSTOMERS);
        rerouting.fromAReactorChain(singapore, ExportController.CUSTOMERS);
        assertThat(SINGAPORE.received()).hasSize(2);
    }

    @Test
    void aWebRequestForADeniedExportIsAnsweredWith451() {
        RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
        ResponseEntity<Map<String, Object>> denied = client.post()
                .uri(b -> b.path("/exports").queryParam("partner", UNITED_STATES.uri("/import")).build())
                .retrieve().toEntity(new ParameterizedTypeReference<>() { });
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.UNAVAILABLE_FOR_LEGAL_REASONS);
        assertThat(denied.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = denied.getBody();
        assertThat(problem).containsEntry("title", "Transfer denied").containsEntry("status", 451)
                .containsEntry("remedies", List.of(List.of("pipia", "separate-consent")));
        assertThat((String) problem.get("policyDigest")).startsWith("sha256:");
        assertThat(problem.toString()).doesNotContain("li.wei").doesNotContain("Li Wei");
        assertThat(UNITED_STATES.received()).isEmpty();

        ResponseEntity<Void> allowed = client.post()
                .uri(b -> b.path("/exports").queryParam("partner", SINGAPORE.uri("/import")).build())
                .retrieve().toBodilessEntity();
        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(SINGAPORE.received()).hasSize(1);
    }

    @Test
    void theActuatorEndpointShowsThePoliciesInForce() {
        export.send(SINGAPORE.uri("/import"), ExportController.CUSTOMERS);
        Map<String, Object> guard = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/guard")
                .retrieve().body(new ParameterizedTypeReference<>() { });
        assertThat(guard).containsEntry("mode", "enforce").containsEntry("jurisdiction", "CN");
        assertThat((String) guard.get("policyDigest")).startsWith("sha256:");
        assertThat(guard.get("packs").toString()).contains("cn.pipl", "eu.gdpr");
        assertThat(((Map<?, ?>) guard.get("decisions")).get("allowed")).isNotEqualTo(0);
    }

    @Test
    void everyDecisionIsInTheSignedAuditLog() {
        long before = audit.size();
        export.send(SINGAPORE.uri("/import"), ExportController.CUSTOMERS);
        assertThatThrownBy(() -> export.send(UNITED_STATES.uri("/import"), ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class);
        assertThat(audit.size()).isEqualTo(before + 2);
        audit.checkpoint();

        AuditVerification verified = AuditVerifier.builder().trust(AUDIT_KEY.verifierKey()).build()
                .verify(audit.directory());
        assertThat(verified.intact()).as("%s", verified.fault()).isTrue();
        assertThat(verified.origin()).isEqualTo("transferguard/crm");
        assertThat(verified.signedRecords()).isEqualTo(verified.records());

        List<AuditRecord> records;
        try (Stream<AuditRecord> s = AuditReader.records(audit.directory())) {
            records = s.toList();
        }
        // One record per decision the guard made in this run, whichever test asked for it.
        assertThat((long) records.size()).isEqualTo(tally.allowed() + tally.denied());
        assertThat(records.subList(records.size() - 2, records.size()))
                .extracting(r -> r.transfer().destination() + " " + r.decision().outcome())
                .containsExactly("SG ALLOW", "US DENY");
        assertThat(records).extracting(r -> r.caller().service()).containsOnly("crm");
        assertThat(records).allSatisfy(r -> assertThat(r.caller().method()).isNotBlank());
        assertThat(records).allSatisfy(r -> assertThat(r.line()).doesNotContain("li.wei").doesNotContain("Li Wei"));
    }
}
