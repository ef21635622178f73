package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit report}: one self-contained HTML page that verifies the logs, then shows what they hold. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML page about audit logs: first whether each log is intact (with "
                + "--key), then the flows from origin to destination, the denials by rule with their citations and "
                + "the bases that would lift them, the volumes per flow and year, and a searchable table of the "
                + "records that each chart links to.",
                "The page loads nothing from elsewhere; figures are aggregates, so it stays small at millions of "
                        + "records (the table holds the latest " + AuditReport.TABLE_LIMIT + ")."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written (and every log intact, when verified)", "1:written, but a log is tampered with",
                "2:bad input"})
final class AuditReportCommand implements Callable<Integer> {

    @Option(names = "--log", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Audit log directories.")
    List<Path> logs;

    @Option(names = "--key", arity = "1..*", paramLabel = "PUB", description = "Trusted public keys (.pub PEM files "
            + "or verifier keys NAME+KEYID+KEY): each log is verified before it is read. Without, the page says "
            + "the logs are not verified.")
    List<String> keys;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Option(names = "--json", description = "Print what was written as one JSON object.")
    boolean json;

    @Mixin
    RecordFilter filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AuditReport report = new AuditReport();
        AuditVerifier verifier = keys == null ? null : AuditVerifier.builder().trust(AuditFiles.verifierKeys(keys))
                .build();
        for (int i = 0; i < logs.size(); i++) {
            Path dir = AuditFiles.logDirectory(logs.get(i));
            report.logs.add(new AuditReport.Log(dir.toString(), verifier == null ? null : verifier.verify(dir)));
            int index = i;
            try (Stream<AuditRecord> records = AuditReader.records(dir)) {
                records.filter(filter::test).forEach(r -> report.add(index, r));
            }
        }
        String html = report.render(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            Files.writeString(out, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GuardException("cannot write " + out + ": " + e.getMessage());
        }
        String status = !report.intact() ? "tampered" : verifier == null ? "not verified" : "intact";
        if (json) {
            spec.commandLine().getOut().println(JsonText.object(g -> {
                g.writeStringField("file", out.toString());
                g.writeStringField("integrity", status.replace(' ', '-'));
                g.writeNumberField("decisions", report.decisions);
                g.writeNumberField("allowed", report.allowed);
                g.writeNumberField("denied", report.denied);
            }));
        } else {
            spec.commandLine().getOut().printf("wrote %s: %s; %d decisions (%d allowed, %d denied)%n", out, status,
                    report.decisions, report.allowed, report.denied);
        }
        return report.intact() ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
