package dev.transferguard.cli;

import dev.transferguard.Guard;
import dev.transferguard.GuardException;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.postgres.PostgresCounterStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard counters import}: seeds the shared store from the allowed decisions of audit logs, once. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Count the allowed decisions of audit logs in the shared store, as the policies count them. "
                + "Each record counts once, however often it is imported: import a log again as it grows."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "2:bad input, or the store cannot be written"})
final class CountersImportCommand implements Callable<Integer> {

    @Mixin
    SharedCounters counters;

    @Mixin
    PolicyOptions policies;

    @Option(names = "--log", paramLabel = "DIR", required = true, arity = "1..*",
            description = "An audit log directory; repeat, or give several, for the logs of several instances.")
    List<Path> logs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (counters.url == null) {
            throw new GuardException("guard counters import needs --counters URL");
        }
        PolicyBundle bundle = policies.load();
        Guard validator = Guard.builder().policies(bundle).build();
        PrintWriter out = spec.commandLine().getOut();
        try (PostgresCounterStore store = counters.open(null)) {
            for (Path log : logs) {
                List<Transfer> allowed = new ArrayList<>();
                List<String> names = new ArrayList<>();
                long skipped = 0;
                try (Stream<AuditRecord> records = AuditReader.records(log)) {
                    for (AuditRecord r : (Iterable<AuditRecord>) records::iterator) {
                        if (r.kind() != AuditRecord.Kind.DECISION || !r.decision().allowed()) {
                            continue;
                        }
                        try {
                            validator.preview(r.transfer());
                        } catch (InvalidTransferException e) {
                            // A name these policies no longer declare: no counter of theirs counts it.
                            skipped++;
                            continue;
                        }
                        allowed.add(r.transfer());
                        // The log's origin and the record's place name it among every import.
                        names.add("log:" + r.origin() + "#" + r.seq());
                    }
                }
                Guard.builder().policies(bundle).counters(store.importer(names)).history(allowed).build();
                out.printf("%s: %d allowed decisions counted once%s%n", log, allowed.size(),
                        skipped == 0 ? "" : ", " + skipped + " naming terms the policies no longer declare skipped");
            }
        } catch (CounterStoreException e) {
            throw new GuardException(e.store() + ": " + e.getMessage());
        }
        out.flush();
        return GuardCommand.OK;
    }
}
