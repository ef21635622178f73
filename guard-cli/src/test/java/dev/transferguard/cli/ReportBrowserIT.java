package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium loads the page written for a verified log, and a script added
 * to a copy of it reads the integrity banner, applies a filter and follows a drill-down from the flow picture,
 * writing what it saw into the DOM that Chromium dumps. A screenshot of the page is saved under target/.
 *
 * <p>Chromium is Debian's {@code /usr/bin/chromium}, which {@code .ci/run} installs when it is missing; in CI
 * ({@code CI} set) its absence fails the test.
 */
class ReportBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void theReportShowsIntegrityFiltersAndDrillsDown() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            assertTrue(System.getenv("CI") == null, "CI must have " + CHROMIUM + ": .ci/run installs it");
            Assumptions.abort(CHROMIUM + " is missing: run .ci/run, or apt-get install -y chromium, to run this test");
        }
        Path keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "report", "--out", keys.toString()).code());
        assertEquals(0, Cli.run("keygen", "--pseudonym", "--out", keys.toString()).code());
        Path log = dir.resolve("log");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            input.append(i % 3 == 0 ? AuditCommandsTest.DENIED : i % 3 == 1 ? AuditCommandsTest.ALLOWED
                    : AuditCommandsTest.DOMESTIC).append('\n');
        }
        Cli check = Cli.run("check", "--policies", Cli.repository("policies").toString(), "--audit", log.toString(),
                "--key", keys.resolve("report.key").toString(), "--pseudonym-key",
                keys.resolve("pseudonym.key").toString(), Files.writeString(dir.resolve("in.jsonl"), input).toString());
        assertEquals(GuardCommand.NEGATIVE, check.code(), check.toString());
        Path report = Cli.repository("guard-cli").resolve("target/report-it/report.html");
        Files.createDirectories(report.getParent());
        Cli written = Cli.run("audit", "report", "--log", log.toString(), "--key",
                keys.resolve("report.pub").toString(), "--out", report.toString());
        assertEquals(0, written.code(), written.toString());

        Path screenshot = report.resolveSibling("report.png");
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, "--window-size=1280,1800", report.toUri().toString());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);

        String page = Files.readString(report);
        Path probe = Files.writeString(report.resolveSibling("probe.html"),
                page.replace("</body>", "<script>" + PROBE + "</script></body>"));
        String dom = chromium("--dump-dom", probe.toUri().toString());
        int start = dom.indexOf("<pre id=\"probe\">");
        assertTrue(start >= 0, "the probe ran: " + dom.substring(0, Math.min(2000, dom.length())));
        List<String> seen = List.of(dom.substring(start + "<pre id=\"probe\">".length(), dom.indexOf("</pre>", start))
                .replace("&gt;", ">").split("\n"));
        assertEquals(List.of(
                "banner intact Integrity: intact",
                "rows 50 of 120 records page 1 of 3",
                "filtered DENY 40 of 120 records",
                "drill CN -> SG 40 of 120 records CN -> SG",
                "rule cn.pipl/foreign-justice DENY 40 of 120 records"), seen);
    }

    /** Runs the page the way a reader would, through its own controls, and writes what it saw. */
    private static final String PROBE = """
            (function () {
              var out = [];
              function q(s) { return document.querySelector(s); }
              function rows() { return Array.prototype.slice.call(document.querySelectorAll('#rows tbody tr')); }
              function col(i) { var s = {}; rows().forEach(function (r) { s[r.children[i].textContent] = 1; });
                return Object.keys(s).sort().join(','); }
              out.push('banner ' + q('#integrity').dataset.status + ' ' + q('#integrity h2').textContent);
              out.push('rows ' + rows().length + ' of ' + q('#count').textContent.split(' of ')[1] + ' '
                + q('#page').textContent);
              var d = q('#decision');
              d.value = 'DENY';
              d.dispatchEvent(new Event('input'));
              out.push('filtered ' + col(3) + ' ' + q('#count').textContent);
              q('g.drill[data-flow="CN -> SG"]').dispatchEvent(new MouseEvent('click', {bubbles: true}));
              out.push('drill ' + q('#flow').value + ' ' + q('#count').textContent + ' ' + col(5));
              q('a.drill[data-rule="cn.pipl/foreign-justice"]').dispatchEvent(new MouseEvent('click', {bubbles: true}));
              out.push('rule ' + q('#rule').value + ' ' + col(3) + ' ' + q('#count').textContent);
              var pre = document.createElement('pre');
              pre.id = 'probe';
              pre.textContent = out.join('\\n');
              document.body.appendChild(pre);
            })();
            """;

    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium ended");
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(dir.resolve("chromium.err")));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
