package dev.transferguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every property of the starter is documented twice, and both agree: in the configuration metadata the build
 * generates (what an IDE shows, with a description) and in the table of docs/spring.md.
 */
class ConfigurationMetadataTest {

    /** The starter's properties in the generated metadata, with their descriptions. */
    static Map<String, String> metadata() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json");
                JsonParser p = new JsonFactory().createParser(in)) {
            String name = null;
            String description = "";
            int depth = 0;
            boolean inProperties = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && depth == 1) {
                    inProperties = p.currentName().equals("properties");
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                    if (inProperties && depth == 3) {
                        name = null;
                        description = "";
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (inProperties && depth == 3 && name != null) {
                        out.put(name, description);
                    }
                    depth--;
                } else if (inProperties && depth == 3 && t == JsonToken.VALUE_STRING) {
                    if (p.currentName().equals("name")) {
                        name = p.getText();
                    } else if (p.currentName().equals("description")) {
                        description = p.getText();
                    }
                }
            }
        }
        out.keySet().removeIf(n -> !n.startsWith("guard.") && !n.contains(".guard."));
        return out;
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        Map<String, String> properties = metadata();
        assertThat(properties).containsKeys("guard.mode", "guard.entity", "guard.http.enabled",
                "management.health.guard.enabled");
        properties.forEach((name, description) -> assertThat(description).as(name).isNotBlank());
    }

    @Test
    void theDocsTableListsExactlyTheStartersProperties() throws IOException {
        Set<String> documented = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/spring.md"))) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Properties");
            } else if (inTable && line.startsWith("| `")) {
                // guard.hosts.<CODE> is the map guard.hosts
                documented.add(line.substring(3, line.indexOf('`', 3)).replaceAll("\\.<[^>]+>$", ""));
            }
        }
        Set<String> generated = new TreeSet<>(metadata().keySet());
        generated.removeIf(n -> n.startsWith("management.endpoint.guard."));
        assertThat(documented).isEqualTo(generated);
    }
}
