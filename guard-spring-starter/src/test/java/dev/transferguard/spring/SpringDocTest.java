package dev.transferguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block of {@code docs/spring.md} is taken from the tests: Java blocks appear line for line in a
 * test source, properties in a test properties file or as string literals in tests, messages as asserted.
 */
class SpringDocTest {

    record Block(String language, List<String> lines) {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }

    static List<Block> blocks(Path markdown) throws IOException {
        List<Block> blocks = new ArrayList<>();
        List<String> current = null;
        String language = null;
        for (String line : Files.readAllLines(markdown)) {
            String t = line.strip();
            if (t.startsWith("```") && current == null) {
                language = t.substring(3);
                current = new ArrayList<>();
            } else if (t.equals("```")) {
                blocks.add(new Block(language, current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    static String stripped(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void everyBlockIsTakenFromTheTests() throws IOException {
        Path root = root();
        List<Path> sources = new ArrayList<>(files(root.resolve("guard-spring-starter/src/test/java"), ".java"));
        sources.add(root.resolve("guard-core/src/test/java/dev/transferguard/GuardProtectTest.java"));
        List<String> java = sources.stream().map(p -> stripped(read(p).lines().toList())).toList();
        List<String> literals = sources.stream().map(p -> read(p).replaceAll("\"\\s*\\+\\s*\"", "")).toList();
        String properties = files(root.resolve("guard-spring-starter/src/test/resources"), ".properties").stream()
                .map(SpringDocTest::read).collect(Collectors.joining("\n"));
        String pom = read(root.resolve("guard-spring-starter/pom.xml"));

        List<Block> blocks = blocks(root.resolve("docs/spring.md"));
        assertThat(blocks).hasSizeGreaterThan(5);
        for (Block b : blocks) {
            String text = stripped(b.lines());
            switch (b.language()) {
                case "java" -> assertThat(java).as("a test source holds\n" + text).anyMatch(s -> s.contains(text));
                case "properties" -> {
                    for (String line : b.lines()) {
                        assertThat(properties.contains(line) || literals.stream().anyMatch(
                                s -> s.contains("\"" + line + "\""))).as(line).isTrue();
                    }
                }
                case "xml" -> assertThat(text).contains("<artifactId>guard-spring-starter</artifactId>")
                        .contains("<groupId>dev.transferguard</groupId>")
                        .contains("<version>" + version(pom) + "</version>");
                case "" -> assertThat(literals).as("a test asserts\n" + text).anyMatch(s -> s.contains(text));
                default -> throw new AssertionError("unexpected block language " + b.language());
            }
        }
    }

    private static String version(String pom) {
        int parent = pom.indexOf("<parent>");
        int start = pom.indexOf("<version>", parent) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
