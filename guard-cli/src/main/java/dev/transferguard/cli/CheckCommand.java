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
                        + "is durable: records are written as they are decided and fsync'd in batches, each batch's "
                        + "results printed after its fsync; the volume counters start from the allowed decisions "
                        + "already in the log."},
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

    private final DecisionTexts decisionTexts = new DecisionTexts();

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
        // Asynchronous appends, made durable by one flush per batch (decideAll): what is printed is durable.
        AuditLog.Builder log = AuditLog.builder().directory(audit).durability(AuditLog.Durability.ASYNC)
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
            return decideAll(builder.audit(opened).caller(Caller.service(service)).build(), opened);
        }
    }

    /**
     * Decides every transfer in order. Without a log each result is printed at once. With one, the records are
     * appended as they are decided and the results held back until a flush has made their records durable:
     * one fsync per batch instead of one per record.
     */
    private int decideAll(Guard guard, AuditLog log) {
        PrintWriter out = spec.commandLine().getOut();
        boolean[] anyDenied = {false};
        int[] n = {0};
        Batch batch = log == null ? null : new Batch(log, out);
        // Standard input is decided line by line as it arrives: a batch ends when no more input is waiting.
        InputFiles.eachTransfer(file, System.in, p -> {
            n[0]++;
            Decision d;
            try {
                d = guard.decide(p.transfer());
            } catch (InvalidTransferException e) {
                if (batch != null) {
                    batch.finish();   // the transfers before this one were decided and recorded: say so
                }
                throw p.locate(e);
            }
            if (!d.reasons().isEmpty() && Guard.AUDIT_PACK.equals(d.reasons().get(0).pack())
                    && Guard.UNRECORDED_RULE.equals(d.reasons().get(0).rule())) {
                // Nothing can be decided once the log cannot record: stop rather than deny everything after.
                throw new GuardException("transfer #" + n[0] + ": " + d.reasons().get(0).because());
            }
            anyDenied[0] |= !d.allowed();
            if (batch == null) {
                printResult(out, n[0], p.transfer(), d);
                out.flush();
                return;
            }
            // Printing acknowledges a record: it waits for the batch's flush.
            printResult(batch.pending, n[0], p.transfer(), d);
            batch.added(n[0], stdinIdle());
        });
        if (batch != null) {
            batch.finish();
        }
        return anyDenied[0] ? GuardCommand.NEGATIVE : GuardCommand.OK;
    }

    private int decideAll(Guard guard) {
        return decideAll(guard, null);
    }

    /** Whether standard input is read and has nothing more waiting; a file never is. */
    private boolean stdinIdle() {
        if (!"-".equals(file)) {
            return false;
        }
        try {
            return System.in.available() == 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private void printResult(PrintWriter out, int n, Transfer t, Decision d) {
        if (json) {
            out.println(decisionTexts.json(d));
        } else {
            print(out, n, t, d);
        }
    }

    /**
     * The results decided since the last batch ended. A batch ends at {@link #MAX_RECORDS} records, after
     * {@link #MAX_NANOS} (so that a slow input still shows its results), or when the input has nothing more
     * waiting. Its results then go to a printer thread, which flushes the log (one fsync for the batch) and only
     * then prints them, while this thread decides the next batch: the fsync no longer stops the decisions.
     */
    private static final class Batch {
        static final int MAX_RECORDS = 4096;
        static final long MAX_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

        private java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter pending = new PrintWriter(text);
        private final AuditLog log;
        private final PrintWriter out;
        private int first;
        private int size;
        private long started;
        /** Batches handed to the printer; few, so that deciding stays at most a few batches ahead of printing. */
        private final java.util.concurrent.BlockingQueue<Runnable> printing =
                new java.util.concurrent.ArrayBlockingQueue<>(2);
        private final Thread printer;
        private volatile GuardException failure;

        Batch(AuditLog log, PrintWriter out) {
            this.log = log;
            this.out = out;
            this.printer = new Thread(this::print, "guard-check-printer");
            printer.setDaemon(true);
            printer.start();
        }

        void added(int n, boolean inputIdle) {
            if (failure != null) {
                throw failure;
            }
            if (size++ == 0) {
                first = n;
                started = System.nanoTime();
            }
            if (inputIdle || size >= MAX_RECORDS || System.nanoTime() - started >= MAX_NANOS) {
                end();
            }
        }

        /** Hands the batch to the printer. */
        void end() {
            if (size == 0) {
                return;
            }
            pending.flush();
            StringBuffer results = text.getBuffer();
            int from = first;
            int to = first + size - 1;
            handOver(() -> {
                try {
                    log.flush();
                } catch (dev.transferguard.audit.AuditException e) {
                    // None of the batch is printed: it is not known to be durable.
                    throw new GuardException("transfers #" + from + " to #" + to + " were not recorded: "
                            + e.getMessage());
                }
                out.print(results);
                out.flush();
            });
            // sized as the batch before: growing a buffer of megabytes from nothing copies it many times over
            text = new java.io.StringWriter(results.length());
            pending = new PrintWriter(text);
            size = 0;
        }

        /** Ends the batch, waits until everything handed over is printed, and stops the printer. */
        void finish() {
            end();
            handOver(null);
            boolean interrupted = false;
            while (printer.isAlive()) {
                try {
                    printer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }

        private void handOver(Runnable job) {
            try {
                // null stops the printer; a sentinel task stands for it in the queue.
                printing.put(job == null ? STOP : job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuardException("interrupted while recording");
            }
        }

        private static final Runnable STOP = () -> { };

        private void print() {
            while (true) {
                Runnable job;
                try {
                    job = printing.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (job == STOP) {
                    return;
                }
                if (failure != null) {
                    continue;   // after a failure nothing more is printed; the queue is drained so that none waits
                }
                try {
                    job.run();
                } catch (GuardException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new GuardException("cannot record: " + e.getMessage());
                }
            }
        }
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
