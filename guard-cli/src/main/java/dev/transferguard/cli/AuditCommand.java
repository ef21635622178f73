package dev.transferguard.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard audit}: verify, read, prove and replay a signed audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, read, prove and replay a signed audit log (see docs/audit-log.md).")
final class AuditCommand implements Callable<Integer> {

    /** The subcommands, in the order the help lists them; {@link GuardCommand} adds them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(AuditVerifyCommand.class, AuditShowCommand.class,
            AuditStatsCommand.class, AuditProveCommand.class, AuditVerifyProofCommand.class, AuditReplayCommand.class,
            AuditReportCommand.class, AuditWitnessCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return GuardCommand.BAD_INPUT;
    }
}
