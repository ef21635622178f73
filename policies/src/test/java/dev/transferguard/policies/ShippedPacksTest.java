package dev.transferguard.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.TestResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code guard test} and {@code guard lint} check, run by the build on every shipped pack. */
class ShippedPacksTest {

    private static final PolicyBundle PACKS = PolicyBundle.load(Path.of("."));

    @Test
    void everyPackTestPasses() {
        List<TestResult> results = PACKS.runTests();
        assertFalse(results.isEmpty(), "the shipped packs have tests");
        String failures = results.stream().filter(r -> !r.passed())
                .map(r -> r.source() + " " + r.name() + "\n    " + String.join("\n    ", r.failures()))
                .collect(Collectors.joining("\n"));
        assertEquals("", failures);
    }

    @Test
    void theJarListsEveryPackForTheClasspath() {
        PolicyBundle onClasspath = PolicyBundle.fromClasspath("policies");
        assertEquals(PACKS.digest(), onClasspath.digest());
        assertEquals(PACKS.packs().stream().map(PolicyBundle.Pack::id).toList(),
                onClasspath.packs().stream().map(PolicyBundle.Pack::id).toList());
    }

    @Test
    void lintIsClean() {
        List<Diagnostic> findings = PACKS.lint();
        assertEquals("", findings.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
}
