package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.TestResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard test}: run the tests written beside the packs. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run the tests written beside the policy packs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all tests passed", "1:a test failed", "2:bad input"})
final class TestCommand implements Callable<Integer> {

    /** What the results are printed as. */
    enum Format { text, json, junit }

    @Mixin
    PolicyOptions policies;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (one object per test, then a summary object) or junit "
                    + "(JUnit XML: a testsuite per pack, a testcase per test with its file and line).")
    Format format;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyBundle bundle = policies.load();
        List<TestResult> results = bundle.runTests();
        PrintWriter out = spec.commandLine().getOut();
        int failed = (int) results.stream().filter(r -> !r.passed()).count();
        Format f = json ? Format.json : format;
        if (json && format != Format.text && format != Format.json) {
            throw new GuardException("--json and --format " + format + " ask for two formats: give one");
        }
        switch (f) {
            case json -> {
                for (TestResult r : results) {
                    out.println(JsonText.object(g -> {
                        g.writeStringField("pack", r.pack());
                        g.writeStringField("name", r.name());
                        g.writeStringField("source", r.source());
                        g.writeBooleanField("passed", r.passed());
                        JsonText.strings(g, "failures", r.failures());
                    }));
                }
                out.println(JsonText.object(g -> {
                    g.writeNumberField("passed", results.size() - failed);
                    g.writeNumberField("failed", failed);
                }));
            }
            case junit -> out.print(junit(results, failed));
            default -> {
                for (TestResult r : results) {
                    out.printf("%s %s  %s%n", r.passed() ? "PASS" : "FAIL", r.source(), r.name());
                    for (String failure : r.failures()) {
                        out.printf("    %s%n", failure);
                    }
                }
                if (results.isEmpty()) {
                    out.println("no tests in " + policies.directory);
                }
                out.printf("%d passed, %d failed%n", results.size() - failed, failed);
            }
        }
        return failed > 0 ? GuardCommand.NEGATIVE : GuardCommand.OK;
    }

    /**
     * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one testsuite per pack, one
     * testcase per test, its {@code file} and {@code line} attributes pointing at the test in the policy file.
     */
    static String junit(List<TestResult> results, int failed) {
        Map<String, List<TestResult>> byPack = new LinkedHashMap<>();
        for (TestResult r : results) {
            byPack.computeIfAbsent(r.pack() == null ? "(no pack)" : r.pack(), k -> new java.util.ArrayList<>()).add(r);
        }
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "guard test");
            x.writeAttribute("tests", Integer.toString(results.size()));
            x.writeAttribute("failures", Integer.toString(failed));
            x.writeAttribute("errors", "0");
            for (Map.Entry<String, List<TestResult>> e : byPack.entrySet()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", e.getKey());
                x.writeAttribute("tests", Integer.toString(e.getValue().size()));
                x.writeAttribute("failures", Long.toString(e.getValue().stream().filter(r -> !r.passed()).count()));
                x.writeAttribute("errors", "0");
                x.writeAttribute("skipped", "0");
                for (TestResult r : e.getValue()) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", e.getKey());
                    x.writeAttribute("name", r.name());
                    int colon = r.source().lastIndexOf(':');
                    x.writeAttribute("file", colon < 0 ? r.source() : r.source().substring(0, colon));
                    if (colon >= 0) {
                        x.writeAttribute("line", r.source().substring(colon + 1));
                    }
                    if (!r.passed()) {
                        x.writeStartElement("failure");
                        x.writeAttribute("message", r.failures().get(0));
                        x.writeAttribute("type", "expectation");
                        x.writeCharacters(r.source() + "\n" + String.join("\n", r.failures()));
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text.toString();
    }
}
