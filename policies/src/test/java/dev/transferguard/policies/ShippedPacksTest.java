package dev.transferguard.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    /** Every rule is shown both to take part in a decision and to stay out of one. */
    @Test
    void everyRuleHasATestThatFiresItAndOneThatDoesNot() throws IOException {
        Set<String> fired = new HashSet<>();
        Set<String> notFired = new HashSet<>();
        Pattern expectation = Pattern.compile("^\\s*expect (no )?rule (\\S+)", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".guard")).toList()) {
                Matcher m = expectation.matcher(Files.readString(f));
                while (m.find()) {
                    (m.group(1) == null ? fired : notFired).add(m.group(2));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (PolicyBundle.Pack pack : PACKS.packs()) {
            for (String rule : pack.rules()) {
                String ref = pack.id() + "/" + rule;
                if (!fired.contains(ref)) {
                    missing.add(ref + " has no 'expect rule' test");
                }
                if (!notFired.contains(ref)) {
                    missing.add(ref + " has no 'expect no rule' test");
                }
            }
        }
        assertEquals(List.of(), missing);
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
