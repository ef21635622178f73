package dev.transferguard.examples.crm;

import dev.transferguard.Decision;
import dev.transferguard.GuardedCall;
import dev.transferguard.LegalBasis;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import dev.transferguard.annotation.Destination;
import dev.transferguard.annotation.GuardedTransfer;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Sends customer records to a partner service. The one annotation is all the guarding there is: before
 * {@link #send} runs, the starter classifies the customers, maps the URL's host to a jurisdiction, and
 * decides the transfer; a denied one throws {@code TransferDeniedException} and nothing is sent.
 */
@Service
public class PartnerClient {

    private final RestClient http;

    /**
     * Creates the client.
     *
     * @param http Spring Boot's builder, which the starter has given its outbound check
     */
    public PartnerClient(RestClient.Builder http) {
        this.http = http.build();
    }

    /**
     * Posts the customers to a partner's import URL.
     *
     * @param partner   the partner's import URL
     * @param customers the records to send
     * @return what was sent, and the decision that let it go
     */
    @GuardedTransfer(recipient = "crm-partner", recipientKind = "commercial")
    public Receipt send(@Destination URI partner, List<Customer> customers) {
        // Inside a guarded method, the decision that let it run is at hand: its obligations are to be done now.
        GuardedCall call = GuardedCall.current().orElseThrow();
        Decision decision = call.decision();
        Transfer transfer = call.transfer();
        http.post().uri(partner).body(customers).retrieve().toBodilessEntity();
        return new Receipt(customers.size(), transfer.destination(), decision.outcome().name(),
                decision.deciding().stream().map(PartnerClient::rule).toList(),
                transfer.bases().stream().map(LegalBasis::name).toList(), decision.obligations());
    }

    private static String rule(Reason r) {
        return r.pack() + "/" + r.rule();
    }

    /**
     * What an export sent.
     *
     * @param customers   how many records
     * @param destination the partner's jurisdiction
     * @param decision    {@code ALLOW}
     * @param rules       the rules that allowed it, {@code pack/rule}
     * @param bases       the legal bases on file for the transfer
     * @param obligations what the policies oblige the sender to do
     */
    public record Receipt(int customers, String destination, String decision, List<String> rules,
            List<String> bases, List<String> obligations) {
    }
}
