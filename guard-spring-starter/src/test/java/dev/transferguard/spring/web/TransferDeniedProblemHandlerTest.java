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
        assertEquals(List.of(Map.of("pack", "bundle", "rule", "default", "because", d.deciding().get(0).because(),
                "source", d.deciding().get(0).source())), reasons(d));
    }

    @Test
    void aDenialByAnUnmetRequirementNamesTheRequirement() {
        List<?> reasons = reasons(decide("CN", "SG"));
        assertEquals(1, reasons.size());
        assertEquals("consent", ((Map<?, ?>) reasons.get(0)).get("rule"));
    }
}
