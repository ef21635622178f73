package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The outputs CI systems read: {@code guard test --format junit} parsed by the JDK's XML parser and validated
 * against the JUnit report schema, {@code guard lint --format sarif} parsed by jackson-core and checked for the
 * properties SARIF 2.1.0 requires, and the {@code --json} lines of both.
 */
class MachineReadableTest {

    private static final String DEAD_RULE = """

            rule never
              deny when destination in [DE] and destination not in [DE]
              because "Rule 2"
            """;

    @TempDir
    Path dir;

    private Path policies(String name, String pack) throws IOException {
        Files.createDirectories(dir.resolve(name));
        Files.writeString(dir.resolve(name + "/vocabulary.guard"), GuardCommandTest.SMALL_VOCABULARY);
        Files.writeString(dir.resolve(name + "/pack.guard"), pack);
        return dir.resolve(name);
    }

    @Test
    void junitXmlValidatesAndPointsAtEachTest() throws Exception {
        String pack = GuardCommandTest.PACK_WITH_TEST.formatted("allow")
                + GuardCommandTest.PACK_WITH_TEST.substring(GuardCommandTest.SMALL_PACK.length())
                .formatted("deny").replace("Germany is denied", "Germany <is> &amp; denied");
        Path p = policies("junit", pack);
        Cli r = Cli.run("test", "--policies", p.toString(), "--format", "junit");
        assertEquals(GuardCommand.NEGATIVE, r.code(), r::toString);

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(r.out())));
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit-report.xsd")).newValidator().validate(new DOMSource(doc));

        Element suites = doc.getDocumentElement();
        assertEquals("2", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        List<String> lines = Files.readAllLines(p.resolve("pack.guard"));
        for (int i = 0; i < 2; i++) {
            Element c = (Element) cases.item(i);
            assertEquals("small", c.getAttribute("classname"));
            assertTrue(c.getAttribute("file").endsWith("pack.guard"), c::toString);
            String line = lines.get(Integer.parseInt(c.getAttribute("line")) - 1);
            assertTrue(line.startsWith("test \"") && line.contains(c.getAttribute("name")), line);
        }
        Element failed = (Element) cases.item(0);
        assertEquals("Germany is denied", failed.getAttribute("name"));
        assertEquals(1, failed.getElementsByTagName("failure").getLength());
        assertEquals("Germany <is> &amp; denied", ((Element) cases.item(1)).getAttribute("name"));
        assertEquals(0, ((Element) cases.item(1)).getElementsByTagName("failure").getLength());
    }

    @Test
    void sarifHasTheRequiredPropertiesAndEachFindingsPhysicalLocation() throws IOException {
        Path p = policies("sarif", GuardCommandTest.SMALL_PACK + DEAD_RULE);
        Cli r = Cli.run("lint", "--policies", p.toString(), "--format", "sarif");
        assertEquals(GuardCommand.NEGATIVE, r.code(), r::toString);
        Map<?, ?> log = (Map<?, ?>) parse(r.out());
        assertEquals("2.1.0", log.get("version"));
        assertTrue(((String) log.get("$schema")).contains("sarif-2.1.0"));
        List<?> runs = (List<?>) log.get("runs");
        assertEquals(1, runs.size());
        Map<?, ?> run = (Map<?, ?>) runs.get(0);
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        assertEquals("guard lint", driver.get("name"));
        List<?> rules = (List<?>) driver.get("rules");
        List<?> results = (List<?>) run.get("results");
        assertEquals(1, results.size());
        Map<?, ?> result = (Map<?, ?>) results.get(0);
        assertEquals("dead-rule", result.get("ruleId"));
        assertEquals("dead-rule", ((Map<?, ?>) rules.get(((Number) result.get("ruleIndex")).intValue())).get("id"));
        assertEquals("warning", result.get("level"));
        assertTrue(((String) ((Map<?, ?>) result.get("message")).get("text")).contains("'never' can never match"));
        Map<?, ?> physical = (Map<?, ?>) ((Map<?, ?>) ((List<?>) result.get("locations")).get(0))
                .get("physicalLocation");
        String uri = (String) ((Map<?, ?>) physical.get("artifactLocation")).get("uri");
        assertTrue(uri.endsWith("sarif/pack.guard"), uri);
        Map<?, ?> region = (Map<?, ?>) physical.get("region");
        assertEquals(8L, ((Number) region.get("startLine")).longValue());
        assertEquals(6L, ((Number) region.get("startColumn")).longValue());
        assertEquals("rule never", ((String) ((Map<?, ?>) region.get("snippet")).get("text")).strip());

        Cli clean = Cli.run("lint", "--policies", policies("clean", GuardCommandTest.SMALL_PACK).toString(),
                "--format", "sarif");
        assertEquals(GuardCommand.OK, clean.code(), clean::toString);
        assertEquals(List.of(), ((Map<?, ?>) ((List<?>) ((Map<?, ?>) parse(clean.out())).get("runs")).get(0))
                .get("results"));
    }

    @Test
    void jsonLinesOfTestAndLint() throws IOException {
        Path p = policies("json", GuardCommandTest.PACK_WITH_TEST.formatted("allow") + DEAD_RULE);
        Cli test = Cli.run("test", "--policies", p.toString(), "--json");
        assertEquals(GuardCommand.NEGATIVE, test.code(), test::toString);
        String[] lines = test.out().split("\n");
        assertEquals(2, lines.length, test::toString);
        Map<?, ?> one = (Map<?, ?>) parse(lines[0]);
        assertEquals("Germany is denied", one.get("name"));
        assertEquals(false, one.get("passed"));
        assertTrue(((String) one.get("source")).matches(".*pack\\.guard:\\d+"), one::toString);
        assertEquals(1, ((List<?>) one.get("failures")).size());
        assertEquals(Map.of("passed", 0L, "failed", 1L), parse(lines[1]));

        Cli lint = Cli.run("lint", "--policies", p.toString(), "--json");
        assertEquals(GuardCommand.NEGATIVE, lint.code(), lint::toString);
        lines = lint.out().split("\n");
        Map<?, ?> finding = (Map<?, ?>) parse(lines[0]);
        assertEquals("dead-rule", finding.get("rule"));
        assertEquals("warning", finding.get("severity"));
        assertTrue(((String) finding.get("file")).endsWith("pack.guard"));
        assertNull(finding.get("hint"));
        assertEquals(false, ((Map<?, ?>) parse(lines[lines.length - 1])).get("clean"));

        Cli both = Cli.run("lint", "--policies", p.toString(), "--json", "--format", "sarif");
        assertEquals(GuardCommand.BAD_INPUT, both.code(), both::toString);
        assertEquals("", both.out());
    }

    /** Reads JSON into maps, lists, strings, longs, doubles, booleans and nulls with jackson-core's parser. */
    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            Object value = value(p);
            assertNull(p.nextToken(), "one JSON value");
            return value;
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    assertNull(m.put(name, value(p)), "duplicate key " + name);
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
