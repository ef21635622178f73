package dev.transferguard.spring.web;

import dev.transferguard.Decision;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.TransferDeniedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a web request that a denied transfer stopped with HTTP 451 (Unavailable For Legal Reasons) and an
 * RFC 9457 problem detail: the explanation, the rules that denied with their citations, the unmet
 * requirements, the sets of legal bases that would make the transfer legal, and the policy digest. It holds no
 * personal data, and nothing of the service's insides either: where the policy files lie stays in its logs and
 * audit records. The same advice serves Spring MVC and WebFlux controllers.
 */
@RestControllerAdvice
public class TransferDeniedProblemHandler {

    /**
     * The answer to a denial.
     *
     * @param denied the denial
     * @return HTTP 451 with a problem detail
     */
    @ExceptionHandler(TransferDeniedException.class)
    public ResponseEntity<ProblemDetail> denied(TransferDeniedException denied) {
        Decision d = denied.decision();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAVAILABLE_FOR_LEGAL_REASONS,
                denied.getMessage());
        problem.setTitle("Transfer denied");
        problem.setProperty("reasons", d.deciding().stream().map(TransferDeniedProblemHandler::reason).toList());
        problem.setProperty("unmet", d.unmet().stream().map(TransferDeniedProblemHandler::requirement).toList());
        problem.setProperty("remedies", d.remedies().stream().map(s -> s.stream().sorted().toList()).toList());
        problem.setProperty("policyDigest", d.policyDigest());
        return ResponseEntity.status(HttpStatus.UNAVAILABLE_FOR_LEGAL_REASONS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static Map<String, Object> reason(Reason r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pack", r.pack());
        m.put("rule", r.rule());
        m.put("because", r.because());
        return m;
    }

    private static Map<String, Object> requirement(Requirement r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pack", r.pack());
        m.put("rule", r.rule());
        m.put("anyOf", List.copyOf(r.anyOf()));
        m.put("because", r.because());
        return m;
    }
}
