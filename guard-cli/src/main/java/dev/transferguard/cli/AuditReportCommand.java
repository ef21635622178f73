package dev.transferguard.cli;

import dev.transferguard.GuardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard audit report}: one self-contained HTML page about the log. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML page about an audit log: decisions over time, the most denied "
                + "flows from origin to destination, and the decisions per pack and rule.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:bad input"})
final class AuditReportCommand implements Callable<Integer> {

    private static final int TOP_FLOWS = 15;

    @Option(names = "--log", required = true, paramLabel = "DIR", description = "The audit log directory.")
    Path log;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Mixin
    RecordFilter filter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AuditStats s = AuditStatsCommand.collect(log, filter);
        String html = render(s, log.toString(), Instant.now());
        try {
            Files.writeString(out, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GuardException("cannot write " + out + ": " + e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %s: %d decisions (%d allowed, %d denied)%n", out, s.decisions,
                s.allowed, s.denied);
        return GuardCommand.OK;
    }

    /** The page; every piece of text from the log is escaped. */
    static String render(AuditStats s, String logName, Instant generated) {
        StringBuilder h = new StringBuilder(16 * 1024);
        String title = "Transfer Guard audit report: " + (s.origin == null ? logName : s.origin);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .7em;text-align:left;")
                .append("border-bottom:1px solid #ddd}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".bar{display:inline-block;height:.8em;background:#c0392b}.ok{background:#27ae60}")
                .append(".note{color:#666;font-size:.9em}svg text{font-size:10px;fill:#444}\n")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p class=\"note\">Log ").append(esc(logName)).append(", generated ").append(esc(generated
                .truncatedTo(ChronoUnit.SECONDS).toString())).append(". This page reads the records; it does not ")
                .append("verify them: run <code>guard audit verify</code> for that.</p>\n");

        h.append("<table>");
        row(h, "Records", s.records);
        row(h, "Decisions", s.decisions);
        row(h, "Allowed", s.allowed);
        row(h, "Denied", s.denied);
        row(h, "Recovery records", s.recoveries);
        if (s.first != null) {
            h.append("<tr><th>Period</th><td>").append(esc(s.first.toString())).append(" to ")
                    .append(esc(s.last.toString())).append("</td></tr>");
        }
        h.append("</table>\n");

        h.append("<h2>Decisions over time (UTC days)</h2>\n");
        chart(h, s.perDay);

        h.append("<h2>Most denied flows</h2>\n");
        if (s.deniedFlows.isEmpty()) {
            h.append("<p>No denials.</p>\n");
        } else {
            List<Map.Entry<String, Long>> top = AuditStats.top(s.deniedFlows, TOP_FLOWS);
            long max = top.get(0).getValue();
            h.append("<table><tr><th>Origin &rarr; destination</th><th>Denied</th><th></th></tr>\n");
            for (Map.Entry<String, Long> e : top) {
                h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue())
                        .append("</td><td><span class=\"bar\" style=\"width:").append(width(e.getValue(), max))
                        .append("px\"></span></td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Decisions per pack and rule</h2>\n");
        if (s.perRule.isEmpty()) {
            h.append("<p>No rule decided anything.</p>\n");
        } else {
            long max = 1;
            for (long[] n : s.perRule.values()) {
                max = Math.max(max, n[0] + n[1]);
            }
            h.append("<table><tr><th>Pack</th><th>Rule</th><th>Allowed</th><th>Denied</th><th></th></tr>\n");
            for (Map.Entry<String, long[]> e : s.perRule.entrySet()) {
                int slash = e.getKey().indexOf('/');
                long[] n = e.getValue();
                h.append("<tr><td>").append(esc(e.getKey().substring(0, slash))).append("</td><td>")
                        .append(esc(e.getKey().substring(slash + 1))).append("</td><td class=\"n\">").append(n[0])
                        .append("</td><td class=\"n\">").append(n[1]).append("</td><td><span class=\"bar ok\" style=")
                        .append("\"width:").append(width(n[0], max)).append("px\"></span><span class=\"bar\" style=")
                        .append("\"width:").append(width(n[1], max)).append("px\"></span></td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Policy versions</h2>\n<table><tr><th>Digest</th><th>Decisions</th></tr>\n");
        for (Map.Entry<String, Long> e : s.policyDigests.entrySet()) {
            h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td class=\"n\">")
                    .append(e.getValue()).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, long n) {
        h.append("<tr><th>").append(esc(label)).append("</th><td class=\"n\">").append(n).append("</td></tr>");
    }

    private static int width(long n, long max) {
        return n == 0 ? 0 : (int) Math.max(1, Math.round(300.0 * n / Math.max(1, max)));
    }

    /** A stacked bar per day: allowed below, denied on top. */
    private static void chart(StringBuilder h, Map<LocalDate, long[]> perDay) {
        if (perDay.isEmpty()) {
            h.append("<p>No decisions.</p>\n");
            return;
        }
        int days = perDay.size();
        int bar = Math.max(2, Math.min(24, 900 / days));
        int height = 160;
        long max = 1;
        for (long[] n : perDay.values()) {
            max = Math.max(max, n[0] + n[1]);
        }
        int width = days * (bar + 1) + 40;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height + 30).append("\" role=\"img\" aria-label=\"decisions per day\">\n");
        h.append("<text x=\"0\" y=\"10\">").append(max).append("</text>\n");
        int x = 40;
        LocalDate firstDay = null;
        LocalDate lastDay = null;
        for (Map.Entry<LocalDate, long[]> e : perDay.entrySet()) {
            long allowed = e.getValue()[0];
            long denied = e.getValue()[1];
            int ha = (int) Math.round((double) height * allowed / max);
            int hd = (int) Math.round((double) height * denied / max);
            String tip = esc(e.getKey() + ": " + allowed + " allowed, " + denied + " denied");
            h.append("<g><title>").append(tip).append("</title>");
            h.append("<rect x=\"").append(x).append("\" y=\"").append(height - ha).append("\" width=\"").append(bar)
                    .append("\" height=\"").append(ha).append("\" fill=\"#27ae60\"/>");
            h.append("<rect x=\"").append(x).append("\" y=\"").append(height - ha - hd).append("\" width=\"")
                    .append(bar).append("\" height=\"").append(hd).append("\" fill=\"#c0392b\"/></g>\n");
            x += bar + 1;
            if (firstDay == null) {
                firstDay = e.getKey();
            }
            lastDay = e.getKey();
        }
        h.append("<text x=\"40\" y=\"").append(height + 15).append("\">").append(esc(String.valueOf(firstDay)))
                .append("</text>\n");
        if (days > 1) {
            h.append("<text x=\"").append(Math.max(120, x - 60)).append("\" y=\"").append(height + 15).append("\">")
                    .append(esc(String.valueOf(lastDay))).append("</text>\n");
        }
        h.append("</svg>\n<p class=\"note\"><span class=\"bar ok\" style=\"width:10px\"></span> allowed ")
                .append("<span class=\"bar\" style=\"width:10px\"></span> denied</p>\n");
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
