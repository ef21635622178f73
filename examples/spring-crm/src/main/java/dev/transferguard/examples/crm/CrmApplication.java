package dev.transferguard.examples.crm;

import dev.transferguard.examples.crm.demo.Demo;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A CRM service in Germany that exports its customer records to partner services abroad. The Transfer Guard
 * starter decides every export before a byte leaves: see {@link PartnerClient} and
 * {@code application.properties}.
 */
@SpringBootApplication
@EnableConfigurationProperties(CrmProperties.class)
public class CrmApplication {

    /**
     * Starts the service; {@code demo [--out DIR]} runs the demo instead.
     *
     * @param args Spring Boot arguments, or {@code demo} and its options
     * @throws Exception if the demo fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(Demo.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(CrmApplication.class, args);
    }
}
