package dev.transferguard.cli;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit show}: list records, filtered. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"List the records of an audit log as a table, or as their JSON lines with --json.",
                "Reading does not verify: run guard audit verify to know the records are the ones signed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:bad input: no such log, a line that is not a record, a bad filter"})
final class AuditShowCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Mixin
    RecordFilter filter;

    @Option(names = "--json", description = "Print each record's JSON line as stored.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records.")
    long limit = Long.MAX_VALUE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long shown = 0;
        try (Stream<AuditRecord> records = AuditReader.records(AuditFiles.logDirectory(log))) {
            Iterator<AuditRecord> it = records.iterator();
            if (!json) {
                out.printf("%-7s %-20s %-8s %-9s %-8s %-30s %8s  %s%n", "SEQ", "TIME (UTC)", "DECISION", "FLOW",
                        "ACTION", "CATEGORIES", "SUBJECTS", "RULES");
            }
            while (it.hasNext() && shown < limit) {
                AuditRecord r = it.next();
                if (!filter.test(r)) {
                    continue;
                }
                shown++;
                if (json) {
                    out.println(r.line());
                } else {
                    row(out, r);
                }
            }
        }
        out.flush();
        return GuardCommand.OK;
    }

    private static void row(PrintWriter out, AuditRecord r) {
        String time = r.time().truncatedTo(ChronoUnit.SECONDS).toString();
        if (r.kind() == AuditRecord.Kind.RECOVERY) {
            AuditRecord.Recovery c = r.recovery();
            out.printf("%-7d %-20s %-8s recovery cut %d bytes (%d line%s, %s) from %s at offset %d%n", r.seq(), time,
                    "RECOVERY", c.bytes(), c.lines(), c.lines() == 1 ? "" : "s", c.reason(), c.file(), c.offset());
            return;
        }
        Transfer t = r.transfer();
        Decision d = r.decision();
        String rules = d.deciding().stream().map(x -> x.pack() + "/" + x.rule() + " (" + x.kind().name().toLowerCase(Locale.ROOT) + ")")
                .collect(Collectors.joining(", "));
        out.printf("%-7d %-20s %-8s %-9s %-8s %-30s %8d  %s%n", r.seq(), time, d.outcome(),
                t.origin() + " -> " + t.destination(), t.action().code(), String.join(",", t.categories()),
                t.subjects().count(), rules);
    }
}
