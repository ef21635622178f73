package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit stats}: count what the log holds. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count the records of an audit log: decisions allowed and denied, the rules that decided, "
                + "the most denied flows, policy versions and callers.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:counted", "2:bad input"})
final class AuditStatsCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Mixin
    RecordFilter filter;

    @Option(names = "--json", description = "Print the counts as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    static AuditStats collect(Path log, RecordFilter filter) {
        AuditStats stats = new AuditStats();
        try (Stream<AuditRecord> records = AuditReader.records(AuditFiles.logDirectory(log))) {
            records.filter(filter::test).forEach(stats::add);
        }
        return stats;
    }

    @Override
    public Integer call() {
        AuditStats s = collect(log, filter);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(s));
            return GuardCommand.OK;
        }
        out.printf("records:    %d (%d decisions, %d recovery)%n", s.records, s.decisions, s.recoveries);
        out.printf("allowed:    %d%n", s.allowed);
        out.printf("denied:     %d%n", s.denied);
        if (s.first != null) {
            out.printf("period:     %s to %s%n", s.first, s.last);
        }
        if (!s.perRule.isEmpty()) {
            out.println("rules (allowed / denied):");
            s.perRule.forEach((rule, n) -> out.printf("  %-40s %8d %8d%n", rule, n[0], n[1]));
        }
        if (!s.deniedFlows.isEmpty()) {
            out.println("most denied flows:");
            for (Map.Entry<String, Long> e : AuditStats.top(s.deniedFlows, 10)) {
                out.printf("  %-12s %8d%n", e.getKey(), e.getValue());
            }
        }
        if (!s.policyDigests.isEmpty()) {
            out.println("policy versions:");
            s.policyDigests.forEach((digest, n) -> out.printf("  %s %8d%n", digest, n));
        }
        if (!s.callers.isEmpty()) {
            out.println("callers:");
            s.callers.forEach((caller, n) -> out.printf("  %-40s %8d%n", caller, n));
        }
        return GuardCommand.OK;
    }

    private static String toJson(AuditStats s) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeNumberField("records", s.records);
            g.writeNumberField("decisions", s.decisions);
            g.writeNumberField("allowed", s.allowed);
            g.writeNumberField("denied", s.denied);
            g.writeNumberField("recoveries", s.recoveries);
            g.writeStringField("first", s.first == null ? null : s.first.toString());
            g.writeStringField("last", s.last == null ? null : s.last.toString());
            g.writeObjectFieldStart("rules");
            for (Map.Entry<String, long[]> e : s.perRule.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("allowed", e.getValue()[0]);
                g.writeNumberField("denied", e.getValue()[1]);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("deniedFlows");
            for (Map.Entry<String, Long> e : AuditStats.top(s.deniedFlows, Integer.MAX_VALUE)) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("policyDigests");
            for (Map.Entry<String, Long> e : s.policyDigests.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("callers");
            for (Map.Entry<String, Long> e : s.callers.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
