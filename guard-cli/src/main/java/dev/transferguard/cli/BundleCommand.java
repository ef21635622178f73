package dev.transferguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard bundle}: sign a policy directory and verify its signature. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Sign a policy bundle and verify its signature (see docs/security.md).",
        subcommands = {BundleSignCommand.class, BundleVerifyCommand.class})
final class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return GuardCommand.BAD_INPUT;
    }
}
