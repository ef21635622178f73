package dev.transferguard.spring.example;

import dev.transferguard.annotation.GuardedTransfer;
import java.net.URI;
import java.util.List;
import dev.transferguard.spring.BootTypes;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Declares Singapore as the destination but sends to whatever URL it is given, with each kind of client:
 * the HTTP integrations must stop a request to a host elsewhere.
 */
@Component
@GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
public class ReroutingExport {

    private final RestClient restClient;
    private final RestTemplate restTemplate;
    private final WebClient webClient;
    private final BackgroundSender background;

    public ReroutingExport(RestClient.Builder restClient, ListableBeanFactory beans, WebClient.Builder webClient,
            BackgroundSender background) {
        this.background = background;
        this.restClient = restClient.build();
        // Spring Boot's RestTemplateBuilder, from the package of the Boot line at hand.
        this.restTemplate = BootTypes.build(beans.getBean(BootTypes.restTemplateBuilder()));
        this.webClient = webClient.build();
    }

    public void withRestClient(URI url, List<Customer> customers) {
        restClient.post().uri(url).body(customers).retrieve().toBodilessEntity();
    }

    public void withRestTemplate(URI url, List<Customer> customers) {
        restTemplate.postForEntity(url, customers, Void.class);
    }

    public void withWebClient(URI url, List<Customer> customers) {
        webClient.post().uri(url).bodyValue(customers).retrieve().toBodilessEntity().block();
    }

    /** Hands the sending to an {@code @Async} method, on Spring's task executor, and waits for it. */
    public void inTheBackground(URI url, List<Customer> customers) {
        background.send(url, customers).join();
    }

    /** Sends from a Reactor chain whose work runs on another thread. */
    public void fromAReactorChain(URI url, List<Customer> customers) {
        Mono.fromRunnable(() -> restClient.post().uri(url).body(customers).retrieve().toBodilessEntity())
                .subscribeOn(Schedulers.boundedElastic()).block();
    }
}
