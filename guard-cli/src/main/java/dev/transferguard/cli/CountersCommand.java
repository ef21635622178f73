package dev.transferguard.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard counters}: show and seed the volume counters shared in PostgreSQL. */
@Command(name = "counters", mixinStandardHelpOptions = true,
        description = "Show and seed the volume counters shared in PostgreSQL (see docs/counters.md).")
final class CountersCommand implements Callable<Integer> {

    /** The subcommands, in the order the help lists them; {@link GuardCommand} adds them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(CountersShowCommand.class, CountersImportCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return GuardCommand.BAD_INPUT;
    }
}
