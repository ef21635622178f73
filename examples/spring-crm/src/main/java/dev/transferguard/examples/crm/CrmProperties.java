package dev.transferguard.examples.crm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The CRM's own settings, under {@code crm.*}.
 *
 * <pre>
 * crm.partners.mailer-us=https://import.mailer.example.com/contacts
 * </pre>
 */
@ConfigurationProperties("crm")
public class CrmProperties {

    /** Partner services by name: where an export to each is sent. */
    private Map<String, URI> partners = new LinkedHashMap<>();

    /**
     * Partner services by name.
     *
     * @return name to import URL
     */
    public Map<String, URI> getPartners() {
        return partners;
    }

    /**
     * Sets the partner services.
     *
     * @param partners name to import URL
     */
    public void setPartners(Map<String, URI> partners) {
        this.partners = partners;
    }
}
