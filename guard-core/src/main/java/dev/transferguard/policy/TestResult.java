package dev.transferguard.policy;

import java.util.List;

/**
 * The outcome of one test written beside a policy pack.
 *
 * @param pack     the id of the pack declared in the test's file, or {@code null} for a file without one
 * @param name     the test's name
 * @param source   where the test is written, {@code file:line}
 * @param failures what did not come out as expected, one sentence each; empty when the test passed
 */
public record TestResult(String pack, String name, String source, List<String> failures) {

    /** Copies the failures. */
    public TestResult {
        failures = List.copyOf(failures);
    }

    /**
     * Whether every expectation held.
     *
     * @return {@code true} if the test passed
     */
    public boolean passed() {
        return failures.isEmpty();
    }
}
