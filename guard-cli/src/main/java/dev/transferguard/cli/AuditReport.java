package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Reason;
import dev.transferguard.audit.AuditFault;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.AuditVerification;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The verifying report: what each log's verification found, then aggregates over every record (flows, denials
 * by rule, volumes per flow and year) and the latest records for the searchable table. Aggregates keep the page
 * small whatever the size of the logs; only the latest {@link #TABLE_LIMIT} records are embedded.
 */
final class AuditReport {

    /** Records embedded for the table; older ones are counted in the aggregates, and read with audit show. */
    static final int TABLE_LIMIT = 20_000;
    private static final int TOP = 20;

    /** One log: its name, and its verification (null when no key was given). */
    record Log(String name, AuditVerification verification) {
    }

    /** A rule that took part in denials: what it says, where, how often, and what would have lifted them. */
    static final class RuleDenials {
        String because;
        String source;
        long denied;
        final Map<String, Long> remedies = new TreeMap<>();
    }

    final List<Log> logs = new ArrayList<>();
    long decisions;
    long allowed;
    long denied;
    /** origin -> destination -> {allowed, denied}. */
    final Map<String, Map<String, long[]>> flows = new TreeMap<>();
    final Map<String, RuleDenials> denials = new TreeMap<>();
    /** "year origin -> destination" -> subjects in allowed transfers. */
    final Map<String, Long> volumes = new TreeMap<>();
    private final Deque<Object[]> latest = new ArrayDeque<>();

    void add(int log, AuditRecord r) {
        if (r.kind() != AuditRecord.Kind.DECISION) {
            return;
        }
        decisions++;
        Decision d = r.decision();
        String from = r.transfer().origin();
        String to = r.transfer().destination();
        flows.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new long[2])[d.allowed() ? 0 : 1]++;
        List<String> rules = new ArrayList<>();
        for (Reason reason : d.reasons()) {
            rules.add(reason.pack() + "/" + reason.rule());
        }
        if (d.allowed()) {
            allowed++;
            volumes.merge(r.time().atZone(ZoneOffset.UTC).getYear() + " " + from + " -> " + to,
                    r.transfer().subjects().count(), Long::sum);
        } else {
            denied++;
            String remedies = d.remedies().stream().map(s -> String.join(" + ", new TreeSet<>(s)))
                    .collect(Collectors.joining(" | "));
            for (Reason reason : d.reasons()) {
                if (reason.kind() == Reason.Kind.DENY || reason.kind() == Reason.Kind.UNMET
                        || reason.kind() == Reason.Kind.DEFAULT) {
                    RuleDenials rd = denials.computeIfAbsent(reason.pack() + "/" + reason.rule(),
                            k -> new RuleDenials());
                    rd.because = reason.because();
                    rd.source = reason.source();
                    rd.denied++;
                    if (!remedies.isEmpty()) {
                        rd.remedies.merge(remedies, 1L, Long::sum);
                    }
                }
            }
        }
        latest.addLast(new Object[] {log, r.seq(), r.time().toString(), d.allowed() ? "ALLOW" : "DENY",
                r.transfer().action().code(), from, to, String.join(" ", r.transfer().categories()),
                r.transfer().subjects().count(), String.join(" ", rules)});
        if (latest.size() > TABLE_LIMIT) {
            latest.removeFirst();
        }
    }

    boolean intact() {
        return logs.stream().allMatch(l -> l.verification() == null || l.verification().intact());
    }

    String render(String generated) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>")
                .append(AuditReportCommand.esc("Transfer Guard audit report: " + logs.stream().map(Log::name)
                        .collect(Collectors.joining(", ")))).append("</title>\n<style>").append(CSS)
                .append("</style></head><body>\n<h1>Transfer Guard audit report</h1>\n");
        integrity(h);
        h.append("<p class=\"note\">Generated ").append(AuditReportCommand.esc(generated)).append(": ")
                .append(decisions).append(" decisions, ").append(allowed).append(" allowed, ").append(denied)
                .append(" denied. Click a cell, a bar or a rule to list its records below.</p>\n");
        flowPicture(h);
        denialsByRule(h);
        volumes(h);
        table(h);
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private void integrity(StringBuilder h) {
        boolean verified = logs.stream().allMatch(l -> l.verification() != null);
        String status = !intact() ? "tampered" : verified ? "intact" : "unverified";
        h.append("<section id=\"integrity\" class=\"banner ").append(status).append("\" data-status=\"")
                .append(status).append("\"><h2>Integrity: ").append(switch (status) {
                    case "intact" -> "intact";
                    case "tampered" -> "TAMPERED";
                    default -> "not verified";
                }).append("</h2><ul>\n");
        for (Log l : logs) {
            AuditVerification v = l.verification();
            h.append("<li><code>").append(AuditReportCommand.esc(l.name())).append("</code>: ");
            if (v == null) {
                h.append("not verified (give --key to verify it before reading it)");
            } else if (v.intact()) {
                h.append("intact: ").append(AuditReportCommand.esc(String.valueOf(v.origin()))).append(", ")
                        .append(v.records()).append(" records, ").append(v.signedRecords()).append(" under a checkpoint")
                        .append(" signed by ").append(AuditReportCommand.esc(String.join(", ", v.signers())));
                for (String w : v.warnings()) {
                    h.append("<br>warning: ").append(AuditReportCommand.esc(w));
                }
            } else {
                AuditFault f = v.fault();
                h.append("<strong>").append(f.kind()).append(f.seq() >= 0 ? " at seq " + f.seq() : "")
                        .append("</strong> (").append(AuditReportCommand.esc(f.location())).append("): ")
                        .append(AuditReportCommand.esc(f.message()))
                        .append(". The figures below read the records as they are.");
            }
            h.append("</li>\n");
        }
        h.append("</ul></section>\n");
    }

    /** A matrix: a row per origin, a column per destination, each cell split allowed (green) / denied (red). */
    private void flowPicture(StringBuilder h) {
        h.append("<h2>Flows</h2>\n");
        if (flows.isEmpty()) {
            h.append("<p>No decisions.</p>\n");
            return;
        }
        List<String> origins = topKeys(flows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().values().stream().mapToLong(n -> n[0] + n[1]).sum())));
        Map<String, Long> byDestination = new TreeMap<>();
        flows.values().forEach(m -> m.forEach((k, n) -> byDestination.merge(k, n[0] + n[1], Long::sum)));
        List<String> destinations = topKeys(byDestination);
        long max = flows.values().stream().flatMap(m -> m.values().stream()).mapToLong(n -> n[0] + n[1]).max()
                .orElse(1);
        int cell = 46;
        int left = 40;
        int top = 30;
        h.append("<svg id=\"flows\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + cell
                * destinations.size() + 10).append("\" height=\"").append(top + cell * origins.size() + 10)
                .append("\" role=\"img\" aria-label=\"flows from origin (rows) to destination (columns)\">\n");
        for (int c = 0; c < destinations.size(); c++) {
            h.append("<text x=\"").append(left + c * cell + cell / 2).append("\" y=\"20\" text-anchor=\"middle\">")
                    .append(AuditReportCommand.esc(destinations.get(c))).append("</text>");
        }
        for (int r = 0; r < origins.size(); r++) {
            String from = origins.get(r);
            h.append("<text x=\"4\" y=\"").append(top + r * cell + cell / 2 + 4).append("\">")
                    .append(AuditReportCommand.esc(from)).append("</text>\n");
            for (int c = 0; c < destinations.size(); c++) {
                long[] n = flows.get(from).get(destinations.get(c));
                if (n == null) {
                    continue;
                }
                String flow = from + " -> " + destinations.get(c);
                double scale = Math.sqrt((double) (n[0] + n[1]) / max);
                int size = (int) Math.max(6, Math.round((cell - 6) * scale));
                int x = left + c * cell + (cell - size) / 2;
                int y = top + r * cell + (cell - size) / 2;
                int red = (int) Math.round((double) size * n[1] / (n[0] + n[1]));
                h.append("<g class=\"drill\" data-flow=\"").append(AuditReportCommand.esc(flow)).append("\"><title>")
                        .append(AuditReportCommand.esc(flow + ": " + n[0] + " allowed, " + n[1] + " denied"))
                        .append("</title><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                        .append(size).append("\" height=\"").append(size - red).append("\" fill=\"#27ae60\"/>")
                        .append("<rect x=\"").append(x).append("\" y=\"").append(y + size - red).append("\" width=\"")
                        .append(size).append("\" height=\"").append(red).append("\" fill=\"#c0392b\"/></g>\n");
            }
        }
        h.append("</svg>\n<p class=\"note\">Rows: origin; columns: destination; area: decisions; "
                + "<span class=\"sw ok\"></span> allowed <span class=\"sw\"></span> denied.");
        if (origins.size() < flows.size() || destinations.size() < byDestination.size()) {
            h.append(" The ").append(TOP).append(" busiest origins and destinations are drawn.");
        }
        h.append("</p>\n");
    }

    private void denialsByRule(StringBuilder h) {
        h.append("<h2>Denials by rule</h2>\n");
        if (denials.isEmpty()) {
            h.append("<p>No denials.</p>\n");
            return;
        }
        h.append("<table id=\"denials\"><tr><th>Rule</th><th>Denied</th><th>Because</th><th>Where</th>")
                .append("<th>Would be allowed with</th></tr>\n");
        denials.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue().denied)).forEach(e -> {
            RuleDenials rd = e.getValue();
            h.append("<tr><td><a href=\"#records\" class=\"drill\" data-rule=\"")
                    .append(AuditReportCommand.esc(e.getKey())).append("\">").append(AuditReportCommand.esc(e.getKey()))
                    .append("</a></td><td class=\"n\">").append(rd.denied).append("</td><td>")
                    .append(AuditReportCommand.esc(rd.because)).append("</td><td><code>")
                    .append(AuditReportCommand.esc(rd.source)).append("</code></td><td>")
                    .append(rd.remedies.isEmpty() ? "no legal basis would lift it" : AuditReportCommand.esc(
                            rd.remedies.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                                    .reversed()).limit(3).map(Map.Entry::getKey).collect(Collectors.joining("; "))))
                    .append("</td></tr>\n");
        });
        h.append("</table>\n");
    }

    private void volumes(StringBuilder h) {
        h.append("<h2>Volumes</h2>\n<p class=\"note\">Subjects in allowed transfers per flow and calendar year, "
                + "as counted from the log's history (a transfer without subject ids counts its subjects as new)."
                + "</p>\n");
        if (volumes.isEmpty()) {
            h.append("<p>No allowed transfer.</p>\n");
            return;
        }
        long max = volumes.values().stream().mapToLong(Long::longValue).max().orElse(1);
        h.append("<table id=\"volumes\"><tr><th>Year</th><th>Flow</th><th>Subjects</th><th></th></tr>\n");
        volumes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP * 2)
                .forEach(e -> {
                    int space = e.getKey().indexOf(' ');
                    String flow = e.getKey().substring(space + 1);
                    h.append("<tr><td>").append(e.getKey(), 0, space).append("</td><td><a href=\"#records\" ")
                            .append("class=\"drill\" data-flow=\"").append(AuditReportCommand.esc(flow)).append("\">")
                            .append(AuditReportCommand.esc(flow)).append("</a></td><td class=\"n\">")
                            .append(e.getValue()).append("</td><td><span class=\"bar ok\" style=\"width:")
                            .append(Math.max(1, Math.round(300.0 * e.getValue() / max))).append("px\"></span></td></tr>\n");
                });
        h.append("</table>\n");
    }

    private void table(StringBuilder h) {
        h.append("<h2 id=\"records\">Records</h2>\n<div class=\"filters\">")
                .append("<input id=\"q\" type=\"search\" placeholder=\"search\" aria-label=\"search\">")
                .append("<select id=\"decision\" aria-label=\"decision\"><option value=\"\">all decisions</option>")
                .append("<option>ALLOW</option><option>DENY</option></select>")
                .append("<input id=\"flow\" placeholder=\"origin -> destination\" aria-label=\"flow\">")
                .append("<input id=\"rule\" placeholder=\"pack/rule\" aria-label=\"rule\">")
                .append("<button id=\"clear\">clear</button> <span id=\"count\"></span></div>\n")
                .append("<table id=\"rows\"><thead><tr><th>Log</th><th>Seq</th><th>Time</th><th>Decision</th>")
                .append("<th>Action</th><th>Flow</th><th>Categories</th><th>Subjects</th><th>Rules</th></tr></thead>")
                .append("<tbody></tbody></table>\n<div class=\"pager\"><button id=\"prev\">&larr;</button> ")
                .append("<span id=\"page\"></span> <button id=\"next\">&rarr;</button></div>\n");
        if (decisions > latest.size()) {
            h.append("<p class=\"note\">The table holds the latest ").append(latest.size()).append(" of ")
                    .append(decisions).append(" decisions; guard audit show lists any of them.</p>\n");
        }
        // The table names each log by its directory's name; the banner above gives the whole path.
        List<String> names = logs.stream().map(l -> java.nio.file.Path.of(l.name()).getFileName() == null ? l.name()
                : java.nio.file.Path.of(l.name()).getFileName().toString()).toList();
        String data = JsonText.object(g -> {
            JsonText.strings(g, "logs", names);
            g.writeArrayFieldStart("records");
            for (Object[] row : latest) {
                writeRow(g, row);
            }
            g.writeEndArray();
        });
        // Inside a script element, "<" in a string could close it: JSON allows the escape.
        h.append("<script id=\"data\" type=\"application/json\">").append(data.replace("<", "\\u003c"))
                .append("</script>\n");
    }

    private static void writeRow(JsonGenerator g, Object[] row) throws IOException {
        g.writeStartArray();
        for (Object o : row) {
            if (o instanceof Number n) {
                g.writeNumber(n.longValue());
            } else {
                g.writeString((String) o);
            }
        }
        g.writeEndArray();
    }

    private static List<String> topKeys(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(TOP).map(Map.Entry::getKey).sorted().toList();
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
            table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .6em;text-align:left;
            border-bottom:1px solid #ddd;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .banner{padding:.4em 1em;border-radius:6px;border:2px solid}.banner h2{margin:.3em 0}
            .intact{background:#e8f6ee;border-color:#27ae60}.tampered{background:#fdecea;border-color:#c0392b}
            .unverified{background:#fff6e0;border-color:#e0a800}
            .bar{display:inline-block;height:.8em;background:#c0392b}.ok{background:#27ae60}
            .sw{display:inline-block;width:10px;height:10px;background:#c0392b}.sw.ok{background:#27ae60}
            .note{color:#666;font-size:.9em}svg text{font-size:11px;fill:#444}.drill{cursor:pointer}
            g.drill:hover rect{opacity:.7}.filters input,.filters select{margin-right:.5em}
            tr.DENY td:nth-child(4){color:#c0392b;font-weight:600}#rows td:nth-child(3),#rows td:nth-child(6){white-space:nowrap}
            """;

    /** Filters, pagination and drill-down over the embedded records; no library, nothing loaded. */
    private static final String SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('data').textContent);
              var rows = data.records, per = 50, page = 0, shown = [];
              var f = {q: '', decision: '', flow: '', rule: ''};
              function $(id) { return document.getElementById(id); }
              function text(r) { return r.join(' ').toLowerCase(); }
              function keep(r) {
                if (f.decision && r[3] !== f.decision) return false;
                if (f.flow && (r[5] + ' -> ' + r[6]) !== f.flow) return false;
                if (f.rule && (' ' + r[9] + ' ').indexOf(' ' + f.rule + ' ') < 0) return false;
                return !f.q || text(r).indexOf(f.q.toLowerCase()) >= 0;
              }
              function cell(tr, v) { var td = document.createElement('td'); td.textContent = v; tr.appendChild(td); }
              function draw() {
                shown = rows.filter(keep).reverse();
                var pages = Math.max(1, Math.ceil(shown.length / per));
                page = Math.min(page, pages - 1);
                var body = document.querySelector('#rows tbody');
                body.textContent = '';
                shown.slice(page * per, page * per + per).forEach(function (r) {
                  var tr = document.createElement('tr');
                  tr.className = r[3];
                  cell(tr, data.logs[r[0]]); cell(tr, r[1]); cell(tr, r[2]); cell(tr, r[3]); cell(tr, r[4]);
                  cell(tr, r[5] + ' -> ' + r[6]); cell(tr, r[7]); cell(tr, r[8]); cell(tr, r[9]);
                  body.appendChild(tr);
                });
                $('count').textContent = shown.length + ' of ' + rows.length + ' records';
                $('page').textContent = 'page ' + (page + 1) + ' of ' + pages;
              }
              function set(k, v) { f[k] = v; $(k).value = v; page = 0; draw(); }
              ['q', 'decision', 'flow', 'rule'].forEach(function (k) {
                $(k).addEventListener('input', function () { f[k] = $(k).value; page = 0; draw(); });
              });
              $('clear').addEventListener('click', function () { ['q', 'decision', 'flow', 'rule'].forEach(function (k) { set(k, ''); }); });
              $('prev').addEventListener('click', function () { page = Math.max(0, page - 1); draw(); });
              $('next').addEventListener('click', function () { page++; draw(); });
              document.querySelectorAll('.drill').forEach(function (el) {
                el.addEventListener('click', function (e) {
                  e.preventDefault();
                  ['q', 'decision', 'flow', 'rule'].forEach(function (k) { f[k] = ''; $(k).value = ''; });
                  if (el.dataset.flow) set('flow', el.dataset.flow);
                  if (el.dataset.rule) { set('rule', el.dataset.rule); set('decision', 'DENY'); }
                  $('records').scrollIntoView();
                });
              });
              draw();
            })();
            """;
}
