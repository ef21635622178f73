package dev.transferguard.examples.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transferguard.audit.SigningKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service starts, with the starter, its audit log, metrics and the actuator, without a warning from
 * Spring itself: the starter's beans do not drag the guard, its log and its listeners into the early
 * initialisation that Spring warns about ("not eligible for getting processed by all BeanPostProcessors").
 * It runs in a JVM of its own, so that its log is the whole startup log, as an operator sees it.
 */
class StartupLogIT {

    @Test
    void theServiceStartsWithoutAWarningFromSpring(@TempDir Path dir) throws IOException, InterruptedException {
        SigningKey key = SigningKey.generate("crm-startup");
        key.writePem(dir.resolve("crm-startup.key"));
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrmApplication.class.getName(), "--server.port=0",
                "--guard.audit.directory=" + dir.resolve("audit"), "--guard.audit.key=" + dir.resolve("crm-startup.key"),
                "--guard.pseudonym-key=the CRM's pseudonym key, kept with its logs")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.contains("Started CrmApplication")) {
                    break;
                }
            }
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(lines).as("the service's startup log").anyMatch(l -> l.contains("Started CrmApplication"));
        assertThat(lines).filteredOn(l -> l.contains(" WARN ") && l.contains(" o.s."))
                .as("warnings from Spring").isEmpty();
        assertThat(Files.exists(dir.resolve("audit"))).isTrue();
    }
}
