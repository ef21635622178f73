package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.Witness;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard witness serve}: the C2SP tlog-witness HTTP interface, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve POST /add-checkpoint (C2SP tlog-witness v1.0.0): cosign each checkpoint of a known log "
                + "that is consistent with the last one cosigned for it, persisted in the state directory before "
                + "answering; a refused fork is kept in STATE/evidence.",
                "Runs until stopped (Ctrl-C, SIGTERM)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad input: keys, state directory or address that cannot be used"})
final class WitnessServeCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, paramLabel = "W.key",
            description = "The witness's private key (PKCS#8 PEM from guard keygen); its name is the cosigner's name.")
    Path key;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The witness's state directory.")
    Path state;

    @Option(names = "--port", required = true, paramLabel = "P", description = "The TCP port (0: any free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--log-key", required = true, arity = "1..*", paramLabel = "[ORIGIN=]PUB",
            description = "A log key the witness trusts: a .pub PEM file or a verifier key, for the log ORIGIN "
                    + "only when given as ORIGIN=PUB, else for any origin its checkpoints name.")
    List<String> logKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new GuardException("--port " + port + ": not a TCP port");
        }
        Witness.Builder builder = Witness.builder().signingKey(AuditFiles.signingKey(key, spec.commandLine().getErr()))
                .stateDirectory(state);
        for (String value : logKeys) {
            int eq = value.indexOf('=');
            if (eq > 0) {
                for (VerifierKey k : AuditFiles.verifierKeys(List.of(value.substring(eq + 1)))) {
                    builder.logKey(value.substring(0, eq), k);
                }
            } else {
                AuditFiles.verifierKeys(List.of(value)).forEach(builder::logKey);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Witness witness = builder.build();
             Witness.Server server = witness.serve(new InetSocketAddress(bind, port))) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("witness %s listening on http://%s:%d/add-checkpoint%n", witness.verifierKey().name(),
                    server.address().getHostString(), server.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return GuardCommand.OK;
    }
}
