package dev.transferguard.cli;

import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --policies DIR} option that every policy command takes, and the policy keys to trust. */
final class PolicyOptions {

    @Option(names = "--policies", required = true, paramLabel = "DIR",
            description = "Directory of policy files (*.guard), read recursively.")
    Path directory;

    @Option(names = "--policy-key", paramLabel = "PUB",
            description = "A trusted policy key (.pub PEM file or NAME+KEYID+KEY); repeat for several. The policies "
                    + "must then be signed by one of them (guard bundle sign) and unchanged since.")
    List<String> policyKeys;

    /** Loads the policies; a load error reaches the user as one formatted message and exit code 2. */
    PolicyBundle load() {
        if (policyKeys == null || policyKeys.isEmpty()) {
            return PolicyBundle.load(directory);
        }
        return PolicyBundle.load(directory, AuditFiles.verifierKeys(policyKeys));
    }
}
