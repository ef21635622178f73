package dev.transferguard.examples.crm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the demo in this process and checks the shape of what it prints and writes (not its timings). */
class DemoTest {

    @TempDir
    Path out;

    @Test
    void theDemoExportsDecidesVerifiesAndReports() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = Demo.run(new String[] {"--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code).as(printed + errors).isZero();

        List<String> lines = printed.lines().toList();
        assertThat(lines.get(0)).startsWith("Transfer Guard demo: a CRM service in Germany");
        int header = lines.indexOf("partner       where  HTTP  arrived  decision  why");
        assertThat(header).isPositive();
        assertThat(lines.subList(header + 1, header + 7)).containsExactly(
                "loyalty-fr    FR     200   yes      ALLOW     eu.gdpr/intra-eea",
                "analytics-jp  JP     200   yes      ALLOW     eu.gdpr/adequacy",
                "mailer-us     US     200   yes      ALLOW     eu.gdpr/data-privacy-framework (on file: dpf-certified)",
                "support-in    IN     200   yes      ALLOW     eu.gdpr/appropriate-safeguards,"
                        + " eu.gdpr/transfer-impact-assessment (on file: eu-scc, tia)",
                "support-sg    SG     451   no       DENY      eu.gdpr/transfer-impact-assessment needs tia",
                "reseller-cn   CN     451   no       DENY      eu.gdpr/appropriate-safeguards needs one of eu-scc,"
                        + " eu-bcr, eu-code-of-conduct, eu-certification; eu.gdpr/transfer-impact-assessment needs tia");
        assertThat(printed).contains("Audit log: " + out.resolve("audit") + " (6 records, one per decision;"
                + " no names, e-mail addresses or customer ids in it)");
        assertThat(printed).containsPattern("\nOK: transferguard/crm: 6 records, 6 signed by crm-demo\\+[0-9a-f]{8}\n");
        assertThat(printed).contains("wrote " + out.resolve("report.html")
                + ": intact; 6 decisions (4 allowed, 2 denied)");
        assertThat(printed).contains("./guard audit verify --log " + out.resolve("audit") + " --key "
                + out.resolve("keys/crm-demo.pub"));
        assertThat(printed).endsWith("Open the report: " + out.resolve("report.html") + "\n");
        // The report verifies the log before it shows it: the banner says intact, then the flow picture.
        assertThat(out.resolve("report.html")).content().contains("<!DOCTYPE html>", "transferguard/crm",
                "data-status=\"intact\"", "<svg id=\"flows\"", "data-flow=\"DE -&gt; CN\"");
        assertThat(out.resolve("keys/crm-demo.key")).exists();

        // The README shows this output, as run from the repository root into the default directory.
        String shown = printed.replace(out.toString(), "examples/spring-crm/target/demo")
                .replaceAll("crm-demo\\+[0-9a-f]{8}", "crm-demo+KEYID");
        assertThat(readmeDemoOutput().replaceAll("crm-demo\\+[0-9a-f]{8}", "crm-demo+KEYID")).isEqualTo(shown);
    }

    /** The first fenced block after "## Demo" in the repository's README. */
    static String readmeDemoOutput() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        try {
            String readme = Files.readString(root.resolve("README.md"));
            int demo = readme.indexOf("\n## Demo\n");
            int start = readme.indexOf("```\n", demo) + 4;
            return readme.substring(start, readme.indexOf("```\n", start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
