package dev.transferguard.cli;

import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --policies DIR} option that every policy command takes. */
final class PolicyOptions {

    @Option(names = "--policies", required = true, paramLabel = "DIR",
            description = "Directory of policy files (*.guard), read recursively.")
    Path directory;

    /** Loads the policies; a load error reaches the user as one formatted message and exit code 2. */
    PolicyBundle load() {
        return PolicyBundle.load(directory);
    }
}
