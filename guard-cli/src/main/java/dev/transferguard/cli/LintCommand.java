package dev.transferguard.cli;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard lint}: validate the policies and report likely mistakes. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Validate the policies and report rules that can never match, rules shadowed by others, "
                + "requirements no legal basis can meet and declarations nothing uses.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:clean", "1:findings", "2:errors: the policies do not load"})
final class LintCommand implements Callable<Integer> {

    @Mixin
    PolicyOptions policies;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyBundle bundle = policies.load();
        List<Diagnostic> findings = bundle.lint();
        PrintWriter out = spec.commandLine().getOut();
        for (Diagnostic d : findings) {
            out.println(d.format());
        }
        int rules = bundle.packs().stream().mapToInt(p -> p.rules().size()).sum();
        out.printf("%s: %d packs, %d rules, %d tests, %d finding%s%n", findings.isEmpty() ? "clean" : "findings",
                bundle.packs().size(), rules, bundle.testCount(), findings.size(), findings.size() == 1 ? "" : "s");
        return findings.isEmpty() ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }
}
