package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every example of docs/policy-language.md loads, its tests pass, and its error example is what users see. */
class PolicyLanguageDocTest {

    private static final Pattern BLOCK = Pattern.compile("^```([a-z-]*)\\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE);

    /** A fenced block of the document: its language tag (possibly empty) and its text. */
    private record Block(String language, String text) {
    }

    private static List<Block> blocks() throws IOException {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc());
        while (m.find()) {
            out.add(new Block(m.group(1), m.group(2)));
        }
        return out;
    }

    private static String doc() throws IOException {
        return Files.readString(Repository.file("docs/policy-language.md"));
    }

    private static String vocabulary() throws IOException {
        return Files.readString(Repository.file("policies/vocabulary.guard"));
    }

    @Test
    void everyExampleLoadsAndItsTestsPass() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("vocabulary.guard", vocabulary());
        for (Block b : blocks()) {
            if (b.language().equals("guard")) {
                files.put("example-" + files.size() + ".guard", b.text());
            }
        }
        assertTrue(files.size() >= 6, "the examples were found: " + files.keySet());
        PolicyBundle bundle = PolicyBundle.of(files);
        List<TestResult> results = bundle.runTests();
        assertFalse(results.isEmpty());
        assertEquals("", results.stream().filter(r -> !r.passed())
                .map(r -> r.name() + ": " + r.failures()).collect(Collectors.joining("\n")));
    }

    @Test
    void theErrorExampleIsWhatTheLoaderSays() throws IOException {
        List<Block> blocks = blocks();
        List<String[]> errorExamples = new ArrayList<>();
        for (int i = 0; i + 1 < blocks.size(); i++) {
            if (blocks.get(i).language().equals("guard-error")) {
                errorExamples.add(new String[] {blocks.get(i).text(), blocks.get(i + 1).text()});
            }
        }
        assertEquals(1, errorExamples.size());
        String source = errorExamples.get(0)[0];
        String shown = errorExamples.get(0)[1].stripTrailing();
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyBundle.of(Map.of("policies/vocabulary.guard", vocabulary(), "policies/acme.guard", source)));
        assertEquals(shown, e.getMessage());
    }
}
