package dev.transferguard.spring.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.policy.PolicyBundle;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import org.springframework.http.ProblemDetail;

/** The problem detail lists the reasons that decided, as {@link Decision#deciding()} says. */
class TransferDeniedProblemHandlerTest {

    private static final String VOCABULARY = """
            bundle default deny
            category personal "people"
            category personal.contact "contact"
            basis separate-consent "consent"
            """;

    private static final String PACK = """
            policy cn.test "China test pack"
              version 2024-03-22
              applies when origin in CN and destination not in CN
              default allow

            rule consent
              require separate-consent when any category in personal
              because "PIPL Art. 39"
            """;

    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    private static Decision decide(String origin, String destination) {
        Guard guard = Guard.builder()
                .clock(Clock.fixed(DAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC))
                .policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "cn.guard", PACK))).build();
        return guard.decide(Transfer.builder().date(DAY).origin(origin).destination(destination)
                .categories("personal.contact").subjects(Subjects.of(1, origin)).build());
    }

    private static List<?> reasons(Decision d) {
        ProblemDetail problem = new TransferDeniedProblemHandler().denied(new TransferDeniedException(d)).getBody();
        return (List<?>) problem.getProperties().get("reasons");
    }

    @Test
    void aDenialByTheBundleDefaultNamesTheDefault() {
        Decision d = decide("SG", "US");
        assertEquals(List.of(Map.of("pack", "bundle", "rule", "default", "because", d.deciding().get(0).because())),
                reasons(d));
    }

    @Test
    void remoteCallersGetTheCitationsAndRemediesButNoFilePaths() {
        ProblemDetail problem = new TransferDeniedProblemHandler().denied(new TransferDeniedException(decide("CN",
                "SG"))).getBody();
        String all = problem.toString() + problem.getProperties();
        assertEquals(false, all.contains(".guard"), all);
        assertEquals(List.of(List.of("separate-consent")), problem.getProperties().get("remedies"));
        assertEquals(true, all.contains("PIPL Art. 39"), all);
    }

    /** A WebFlux controller whose export the guard denied. */
    @RestController
    static class ReactiveExports {
        @PostMapping("/exports")
        Mono<String> export() {
            return Mono.error(new TransferDeniedException(decide("CN", "SG")));
        }
    }

    @Test
    void webFluxControllersGetTheSameAnswerAsSpringMvc() {
        WebTestClient.bindToController(new ReactiveExports()).controllerAdvice(new TransferDeniedProblemHandler())
                .build().post().uri("/exports").exchange()
                .expectStatus().isEqualTo(451)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Transfer denied")
                .jsonPath("$.remedies[0][0]").isEqualTo("separate-consent")
                .jsonPath("$.reasons[0].rule").isEqualTo("consent")
                .jsonPath("$.reasons[0].source").doesNotExist();
    }

    @Test
    void aDenialByAnUnmetRequirementNamesTheRequirement() {
        List<?> reasons = reasons(decide("CN", "SG"));
        assertEquals(1, reasons.size());
        assertEquals("consent", ((Map<?, ?>) reasons.get(0)).get("rule"));
    }
}
