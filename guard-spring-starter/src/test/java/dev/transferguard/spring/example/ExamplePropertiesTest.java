package dev.transferguard.spring.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transferguard.TransferDeniedException;
import dev.transferguard.spring.BootTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter, the annotated {@link PartnerExport} and the five properties of {@code example.properties}
 * (those of {@code docs/spring.md}) stop a forbidden export before the method runs: no network is needed to
 * show it.
 */
class ExamplePropertiesTest {

    final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(starter()))
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
                    BootTypes.httpMessageConvertersAutoConfiguration(), BootTypes.restClientAutoConfiguration()))
            .withPropertyValues(exampleProperties())
            .withBean(PartnerExport.class);

    /** The starter's auto-configurations, as its imports file lists them. */
    static Class<?>[] starter() {
        ClassLoader loader = ExamplePropertiesTest.class.getClassLoader();
        return ImportCandidates.load(AutoConfiguration.class, loader).getCandidates().stream()
                .filter(name -> name.startsWith("dev.transferguard."))
                .map(name -> {
                    try {
                        return Class.forName(name, false, loader);
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(Class<?>[]::new);
    }

    static String[] exampleProperties() {
        Properties p = new Properties();
        try (InputStream in = ExamplePropertiesTest.class.getResourceAsStream("/example.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(p).hasSize(5);
        return p.stringPropertyNames().stream().map(k -> k + "=" + p.getProperty(k)).toArray(String[]::new);
    }

    @Test
    void anExportToAHostNoRuleMapsIsStopped() {
        app.run(context -> assertThatThrownBy(() -> context.getBean(PartnerExport.class)
                .send(URI.create("https://api.partner.us/import"), ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class)
                .hasMessage("Call of PartnerExport.send: transfer denied: no host rule gives the jurisdiction of host"
                        + " api.partner.us; add a host rule"));
    }

    @Test
    void anExportToAJurisdictionWithoutBasesIsStopped() {
        app.withPropertyValues("guard.hosts.US=api.partner.us").run(context -> assertThatThrownBy(
                () -> context.getBean(PartnerExport.class)
                        .send(URI.create("https://api.partner.us/import"), ExportController.CUSTOMERS))
                .isInstanceOf(TransferDeniedException.class)
                .hasMessage("Transfer denied by cn.pipl/separate-consent (PIPL Art. 39: separate consent to the"
                        + " export), cn.pipl/impact-assessment (PIPL Art. 55(4), Art. 56: impact assessment before"
                        + " the export); cn.pipl/separate-consent needs separate-consent; cn.pipl/impact-assessment"
                        + " needs pipia; it would be allowed with pipia + separate-consent"));
    }
}
