package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README shows what the code does: its commands' output and its code are checked here. */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    /** The text of the first fenced block after {@code marker}. */
    private static String blockAfter(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "README has '" + marker + "'");
        Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(at), "a block follows '" + marker + "'");
        return m.group(1);
    }

    @Test
    void theSecondCommandPrintsWhatTheReadmeShows() throws IOException {
        String readme = readme();
        String commands = blockAfter(readme, "On a machine with only JDK 17");
        String check = commands.lines().filter(l -> l.startsWith("./guard check ")).findFirst().orElseThrow();
        String[] args = check.substring("./guard ".length(), check.indexOf('#')).trim().split("\\s+");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GuardCommand.run(new PrintWriter(out), new PrintWriter(err), args);

        assertEquals(blockAfter(readme, "The last command prints"), out.toString());
        assertEquals("", err.toString());
        assertEquals(1, code, "the README says it exits with 1");
        assertTrue(readme.contains("./mvnw -B verify"), "the README names the test command");
    }

    @Test
    void theErrorExampleIsTheOneTheLanguageDocumentProves() throws IOException {
        String doc = Files.readString(Path.of("docs/policy-language.md"));
        assertEquals(blockAfter(doc, "fails to load with"), blockAfter(readme(), "A typo is caught at load time"));
    }

    @Test
    void theDeveloperExampleIsThisCode() throws IOException {
        String source = Files.readString(Path.of("guard-cli/src/test/java/dev/transferguard/cli/ReadmeTest.java"));
        // Built from parts, so that the markers are found only where they mark the snippet.
        String start = "// README:" + "start";
        String end = "// README:" + "end";
        String snippet = source.substring(source.indexOf(start) + start.length(), source.indexOf(end));
        String shown = blockAfter(readme(), "### For application developers");
        assertEquals(normalise(shown), normalise(snippet));
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void theDeveloperExampleRunsAndIsAllowed() {
        // README:start
        Guard guard = Guard.builder()
                .policies(Path.of("policies"))
                .build();

        Transfer export = Transfer.builder()
                .origin("CN").destination("SG")
                .categories("personal.contact")
                .subjects(Subjects.of(60_000, "CN"))
                .entity("ciio", false).entity("ftz", false)     // the exporter's standing: unsaid, read at its worst
                .recipient(new Recipient("acme-sg", "commercial", "SG", false))
                .bases("separate-consent", "pipia")
                .build();

        Decision decision = guard.enforce(export);   // throws TransferDeniedException, saying why and what would make it legal
        // README:end
        assertTrue(decision.allowed(), decision.explain());
        assertEquals(java.util.List.of("record-keeping"), decision.obligations());
    }
}
