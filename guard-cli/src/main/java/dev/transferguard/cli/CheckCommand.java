package dev.transferguard.cli;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.GuardException;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LocatedTransfer;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.postgres.PostgresCounterStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard check}: decide each transfer of a file, in order, counting the allowed ones. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Decide each transfer in FILE (a JSON object, or JSON Lines; '-' reads standard input).",
                "Standard input is decided line by line as it arrives (tail -f exports.jsonl | guard check -): "
                        + "each result is printed at once; a file is read and checked whole first.",
                "With --audit, each decision is recorded in the signed audit log and printed only once its record "
                        + "is durable; the volume counters start from the allowed decisions already in the log."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all allowed", "1:some denied", "2:bad input"})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    PolicyOptions policies;

    @Option(names = "--history", paramLabel = "FILE",
            description = "JSON Lines of earlier transfers, each with its date, counted before deciding.")
    String history;

    @Option(names = "--json", description = "Print one JSON object per transfer.")
    boolean json;

    @Parameters(paramLabel = "FILE", description = "Transfers: one JSON object, or JSON Lines; '-' for stdin.")
    String file;

    @Option(names = "--audit", paramLabel = "DIR", description = "Record every decision in the audit log in DIR "
            + "(created when missing).")
    Path audit;

    @Option(names = "--key", paramLabel = "K.key", description = "With --audit: the private key (PKCS#8 PEM, e.g. "
            + "from guard keygen) that signs the log's checkpoints; its name is the file name.")
    Path key;

    @Option(names = "--origin", paramLabel = "NAME", description = "With --audit: the log's origin name; by "
            + "default the existing log's, or transferguard/<DIR name> for a new log.")
    String origin;

    @Option(names = "--pseudonym-key", paramLabel = "FILE", description = "With --audit or --counters: a file whose "
            + "bytes (at least 16) key the HMAC pseudonyms that replace subject ids in the log and the counters.")
    Path pseudonymKey;

    @Mixin
    SharedCounters counters;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "guard-cli",
            description = "With --audit: the caller the records name (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--witness", arity = "1", paramLabel = "URL", description = "With --audit: a C2SP "
            + "tlog-witness to submit each checkpoint to (its URL prefix); one --witness-key per witness.")
    List<java.net.URI> witnesses;

    @Option(names = "--witness-key", arity = "1", paramLabel = "PUB",
            description = "With --witness: each witness's public key, in the order of --witness.")
    List<String> witnessKeys;

    @Option(names = "--witness-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "With --witness: how long to wait on exit for the last checkpoint's cosignatures "
                    + "(default: ${DEFAULT-VALUE}). A witness that is down never fails a decision.")
    int witnessTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (counters.url == null) {
            return call(null);
        }
        try (PostgresCounterStore store = counters.open(pseudonymKey)) {
            return call(store);
        }
    }

    private int call(PostgresCounterStore store) {
        PolicyBundle bundle = policies.load();
        Guard.Builder builder = Guard.builder().policies(bundle);
        if (store != null) {
            builder.counters(store);
        }
        if (history != null) {
            List<LocatedTransfer> past = InputFiles.transfers(history, System.in);
            Guard validator = Guard.builder().policies(bundle).build();
            for (LocatedTransfer p : past) {
                try {
                    validator.preview(p.transfer());
                } catch (InvalidTransferException e) {
                    throw p.locate(e);
                }
            }
            List<Transfer> transfers = past.stream().map(LocatedTransfer::transfer).toList();
            if (store == null) {
                builder.history(transfers);
            } else {
                // Counted once in the shared store, however often this history is given again.
                Guard.builder().policies(bundle).counters(store.importer(SharedCounters.historyNames(transfers)))
                        .history(transfers).build();
            }
        }
        if (audit == null) {
            if (key != null || origin != null || witnesses != null || (pseudonymKey != null && store == null)) {
                throw new GuardException("--key, --origin and --witness need --audit DIR; --pseudonym-key needs"
                        + " --audit DIR or --counters URL");
            }
            return decideAll(builder.build());
        }
        if (key == null) {
            throw new GuardException("--audit needs --key K.key, the private key that signs the log");
        }
        AuditLog.Builder log = AuditLog.builder().directory(audit)
                .signingKey(AuditFiles.signingKey(key, spec.commandLine().getErr()));
        if (origin != null) {
            log.origin(origin);
        } else if (!Files.exists(audit.resolve("checkpoint"))) {
            Path name = audit.toAbsolutePath().normalize().getFileName();
            log.origin("transferguard/" + (name == null ? "audit" : name));
        }
        if (pseudonymKey != null) {
            log.pseudonymKey(AuditFiles.secret(pseudonymKey));
        }
        WitnessOptions.pair(witnesses, witnessKeys).forEach(log::witness);
        log.witnessTimeout(WitnessOptions.timeout(witnessTimeout));
        try (AuditLog opened = log.open()) {
            return decideAll(builder.audit(opened).caller(Caller.service(service)).build());
        }
    }

    private int decideAll(Guard guard) {
        PrintWriter out = spec.commandLine().getOut();
        boolean[] anyDenied = {false};
        int[] n = {0};
        // Standard input is decided line by line as it arrives: each result is printed at once.
        InputFiles.eachTransfer(file, System.in, p -> {
            n[0]++;
            Decision d;
            try {
                d = guard.decide(p.transfer());
            } catch (InvalidTransferException e) {
                throw p.locate(e);
            }
            if (!d.reasons().isEmpty() && Guard.AUDIT_PACK.equals(d.reasons().get(0).pack())
                    && Guard.UNRECORDED_RULE.equals(d.reasons().get(0).rule())) {
                // Nothing can be decided once the log cannot record: stop rather than deny everything after.
                throw new GuardException("transfer #" + n[0] + ": " + d.reasons().get(0).because());
            }
            anyDenied[0] |= !d.allowed();
            // With --audit, decide returned once the record was durable: printing acknowledges it.
            if (json) {
                out.println(d.toJson());
            } else {
                print(out, n[0], p.transfer(), d);
            }
            out.flush();
        });
        return anyDenied[0] ? GuardCommand.NEGATIVE : GuardCommand.OK;
    }

    private static void print(PrintWriter out, int n, Transfer t, Decision d) {
        out.printf("%-5s #%d %s %s -> %s  %s  (%d subjects)%n", d.outcome(), n, t.action().code(), t.origin(),
                t.destination(), String.join(", ", t.categories()), t.subjects().count());
        for (Reason r : d.reasons()) {
            if (r.kind() == Reason.Kind.DEFAULT) {
                out.printf("      %s default: %s  [%s]%n", r.pack(), r.because(), r.source());
            } else {
                out.printf("      %s/%s %s: %s  [%s]%n", r.pack(), r.rule(),
                        r.kind().name().toLowerCase(java.util.Locale.ROOT), r.because(), r.source());
            }
        }
        for (Requirement r : d.unmet()) {
            out.printf("      unmet: %s/%s needs %s%n", r.pack(), r.rule(), String.join(" or ", r.anyOf()));
        }
        if (!d.allowed()) {
            String none = d.unmet().isEmpty() ? "no legal basis would make it allowed"
                    : "no set of up to three legal bases would make it allowed";
            out.printf("      %s%n", d.remedies().isEmpty() ? none
                    : "would be allowed with: " + d.remedies().stream()
                    .map(s -> s.stream().sorted().collect(Collectors.joining(" + ")))
                    .collect(Collectors.joining(" | ")));
        }
        if (!d.obligations().isEmpty()) {
            out.printf("      obligations: %s%n", String.join(", ", d.obligations()));
        }
    }
}
