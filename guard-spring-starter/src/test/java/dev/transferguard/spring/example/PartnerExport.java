package dev.transferguard.spring.example;

import dev.transferguard.annotation.Destination;
import dev.transferguard.annotation.GuardedTransfer;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/** Sends customer records to partner services. */
@Service
public class PartnerExport {

    private final RestClient http;

    public PartnerExport(RestClient.Builder http) {
        this.http = http.build();
    }

    @GuardedTransfer(recipient = "partner", recipientKind = "commercial")
    public void send(@Destination URI partner, List<Customer> customers) {
        http.post().uri(partner).body(customers).retrieve().toBodilessEntity();
    }
}
