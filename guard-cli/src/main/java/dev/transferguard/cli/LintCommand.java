package dev.transferguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.GuardException;
import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code guard lint}: validate the policies and report likely mistakes. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Validate the policies and report rules that can never match, rules shadowed by others, "
                + "requirements no legal basis can meet and declarations nothing uses.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:clean", "1:findings", "2:errors: the policies do not load"})
final class LintCommand implements Callable<Integer> {

    /** What the findings are printed as. */
    enum Format { text, json, sarif }

    /**
     * The kinds of finding, told apart by what their message says, as SARIF rules: code-scanning tools group
     * and suppress findings by rule id. The first whose phrase the message holds names it.
     */
    private static final List<String[]> KINDS = List.of(
            new String[] {"never-applies", "never applies", "A policy whose 'applies when' can never hold."},
            new String[] {"dead-rule", "can never match", "A rule whose condition can never hold."},
            new String[] {"unmeetable-requirement", "can never be met",
                    "A requirement that no declared legal basis can meet."},
            new String[] {"shadowed", "is shadowed by", "A rule or requirement that another always takes over."},
            new String[] {"unused", "never used", "A declaration that no rule uses."},
            new String[] {"unused", "no rule imposes it", "A declaration that no rule uses."},
            new String[] {"lint", "", "Another finding of guard lint."});

    @Mixin
    PolicyOptions policies;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (one object per finding, then a summary object) or sarif "
                    + "(SARIF 2.1.0, each finding with its physical location, for code-scanning annotations).")
    Format format;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (json && format == Format.sarif) {
            throw new GuardException("--json and --format sarif ask for two formats: give one");
        }
        PolicyBundle bundle = policies.load();
        List<Diagnostic> findings = bundle.lint();
        PrintWriter out = spec.commandLine().getOut();
        int rules = bundle.packs().stream().mapToInt(p -> p.rules().size()).sum();
        switch (json ? Format.json : format) {
            case json -> {
                for (Diagnostic d : findings) {
                    out.println(JsonText.object(g -> {
                        g.writeStringField("rule", kind(d)[0]);
                        g.writeStringField("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
                        g.writeStringField("file", d.file());
                        g.writeNumberField("line", d.line());
                        g.writeNumberField("column", d.column());
                        g.writeNumberField("length", d.length());
                        g.writeStringField("message", d.message());
                        g.writeStringField("hint", d.hint());
                    }));
                }
                out.println(JsonText.object(g -> {
                    g.writeBooleanField("clean", findings.isEmpty());
                    g.writeNumberField("packs", bundle.packs().size());
                    g.writeNumberField("rules", rules);
                    g.writeNumberField("tests", bundle.testCount());
                    g.writeNumberField("findings", findings.size());
                }));
            }
            case sarif -> out.println(sarif(findings, GuardCommand.class.getPackage().getImplementationVersion()));
            default -> {
                for (Diagnostic d : findings) {
                    out.println(d.format());
                }
                out.printf("%s: %d packs, %d rules, %d tests, %d finding%s%n",
                        findings.isEmpty() ? "clean" : "findings", bundle.packs().size(), rules, bundle.testCount(),
                        findings.size(), findings.size() == 1 ? "" : "s");
            }
        }
        return findings.isEmpty() ? GuardCommand.OK : GuardCommand.NEGATIVE;
    }

    private static String[] kind(Diagnostic d) {
        return KINDS.stream().filter(k -> d.message().contains(k[1])).findFirst().orElseThrow();
    }

    /** A SARIF 2.1.0 log of one run: the tool, its rules, and each finding at its place in a policy file. */
    static String sarif(List<Diagnostic> findings, String version) {
        List<String> ruleIds = KINDS.stream().map(k -> k[0]).distinct().toList();
        return JsonText.object(g -> {
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "guard lint");
            if (version != null) {
                g.writeStringField("version", version);
            }
            g.writeArrayFieldStart("rules");
            for (String id : ruleIds) {
                String[] k = KINDS.stream().filter(x -> x[0].equals(id)).findFirst().orElseThrow();
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeObjectFieldStart("shortDescription");
                g.writeStringField("text", k[2]);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Diagnostic d : findings) {
                result(g, d, kind(d)[0], ruleIds.indexOf(kind(d)[0]));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private static void result(JsonGenerator g, Diagnostic d, String ruleId, int ruleIndex) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", ruleId);
        g.writeNumberField("ruleIndex", ruleIndex);
        g.writeStringField("level", d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning");
        g.writeObjectFieldStart("message");
        g.writeStringField("text", d.hint() == null ? d.message() : d.message() + " (" + d.hint() + ")");
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        Path file = Path.of(d.file());
        // A relative path stays relative (to the directory guard lint ran in, as code scanning expects).
        g.writeStringField("uri", file.isAbsolute() ? file.toUri().toString() : encode(d.file()));
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", d.line());
        g.writeNumberField("startColumn", d.column());
        g.writeNumberField("endColumn", d.column() + d.length());
        if (!d.sourceLine().isEmpty()) {
            g.writeObjectFieldStart("snippet");
            g.writeStringField("text", d.sourceLine());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String encode(String relative) {
        StringBuilder uri = new StringBuilder();
        for (String segment : relative.replace('\\', '/').split("/", -1)) {
            if (uri.length() > 0) {
                uri.append('/');
            }
            uri.append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return uri.toString();
    }
}
