package dev.transferguard.examples.crm;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /exports/{partner}} exports every customer to a partner named in {@code crm.partners}. An
 * allowed export answers 200 with its {@link PartnerClient.Receipt}; a denied one is answered by the starter
 * with {@code 451 Unavailable For Legal Reasons} and a problem detail saying which rules denied it and which
 * legal bases would make it legal.
 */
@RestController
public class ExportController {

    private final CrmProperties properties;
    private final CustomerDirectory customers;
    private final PartnerClient partners;

    /**
     * Creates the controller.
     *
     * @param properties the partners
     * @param customers  the customers
     * @param partners   the client that sends to partners
     */
    public ExportController(CrmProperties properties, CustomerDirectory customers, PartnerClient partners) {
        this.properties = properties;
        this.customers = customers;
        this.partners = partners;
    }

    /**
     * Exports every customer to a partner.
     *
     * @param partner the partner's name
     * @return what was sent
     */
    @PostMapping("/exports/{partner}")
    public PartnerClient.Receipt export(@PathVariable String partner) {
        URI url = properties.getPartners().get(partner);
        if (url == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no partner named " + partner);
        }
        return partners.send(url, customers.all());
    }
}
