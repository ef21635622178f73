package dev.transferguard.examples.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service starts, with the starter, its audit log, metrics and the actuator, without a warning from
 * Spring itself: the starter's beans do not drag the guard, its log and its listeners into the early
 * initialisation that Spring warns about ("not eligible for getting processed by all BeanPostProcessors").
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogIT {

    @Test
    void theServiceStartsWithoutAWarningFromSpring(@TempDir Path dir, CapturedOutput output) throws IOException {
        SigningKey key = SigningKey.generate("crm-startup");
        key.writePem(dir.resolve("crm-startup.key"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CrmApplication.class)
                .properties("server.port=0", "guard.audit.directory=" + dir.resolve("audit"),
                        "guard.audit.key=" + dir.resolve("crm-startup.key"),
                        "guard.pseudonym-key=the CRM's pseudonym key, kept with its logs")
                .run()) {
            assertThat(app.isRunning()).isTrue();
        }
        List<String> lines = output.getOut().lines().toList();
        assertThat(lines).as("the service's startup log").anyMatch(l -> l.contains("Tomcat started on port"));
        assertThat(lines).filteredOn(l -> l.contains(" WARN ") && l.contains(" o.s."))
                .as("warnings from Spring").isEmpty();
        assertThat(Files.exists(dir.resolve("audit"))).isTrue();
    }
}
