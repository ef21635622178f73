package dev.transferguard.cli;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.WitnessStatus;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit witness}: have witnesses cosign an existing log's latest checkpoint. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = "Submit a log's latest checkpoint to witnesses (C2SP tlog-witness) and keep their cosignatures "
                + "beside it: catch-up for a log written without witnesses, or whose witnesses were down.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every witness cosigned it", "1:a witness did not (the reason is printed)",
                "2:bad input"})
final class AuditWitnessCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Option(names = "--witness", required = true, arity = "1..*", paramLabel = "URL",
            description = "A witness's URL prefix, e.g. http://127.0.0.1:7380.")
    List<URI> witnesses;

    @Option(names = "--witness-key", required = true, arity = "1..*", paramLabel = "PUB",
            description = "Each witness's public key, in the order of --witness.")
    List<String> witnessKeys;

    @Option(names = "--witness-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for the cosignatures (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<URI, dev.transferguard.audit.VerifierKey> targets = WitnessOptions.pair(witnesses, witnessKeys);
        List<WitnessStatus> status = AuditLog.submitToWitnesses(AuditFiles.logDirectory(log), targets,
                WitnessOptions.timeout(timeout));
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        for (WitnessStatus s : status) {
            if (s.upToDate()) {
                out.printf("cosigned: %s cosigned size %d%n", s.witness(), s.cosignedSize());
            } else {
                all = false;
                out.printf("not cosigned: %s: %s%n", s.witness(), s.problem() == null ? "no answer in time"
                        : s.problem());
            }
        }
        return all ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }
}
