package dev.transferguard.cli;

import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.TestResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard test}: run the tests written beside the packs. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the tests written beside the policy packs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all tests passed", "1:a test failed", "2:bad input"})
final class TestCommand implements Callable<Integer> {

    @Mixin
    PolicyOptions policies;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyBundle bundle = policies.load();
        List<TestResult> results = bundle.runTests();
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (TestResult r : results) {
            out.printf("%s %s  %s%n", r.passed() ? "PASS" : "FAIL", r.source(), r.name());
            for (String f : r.failures()) {
                out.printf("    %s%n", f);
            }
            if (!r.passed()) {
                failed++;
            }
        }
        if (results.isEmpty()) {
            out.println("no tests in " + policies.directory);
        }
        out.printf("%d passed, %d failed%n", results.size() - failed, failed);
        return failed > 0 ? GuardCommand.NEGATIVE : GuardCommand.OK;
    }
}
