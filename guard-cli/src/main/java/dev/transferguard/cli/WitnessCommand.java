package dev.transferguard.cli;

import picocli.CommandLine.Command;

/** {@code guard witness}: run a C2SP tlog-witness. */
@Command(name = "witness", mixinStandardHelpOptions = true, subcommands = WitnessServeCommand.class,
        description = "Run a C2SP tlog-witness that cosigns audit log checkpoints consistent with those it saw.")
final class WitnessCommand {
}
