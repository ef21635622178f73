package dev.transferguard.spring.example;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Sends on Spring's task executor: not guarded itself, but called from guarded methods. */
@Component
public class BackgroundSender {

    private final RestClient http;

    public BackgroundSender(RestClient.Builder http) {
        this.http = http.build();
    }

    @Async
    public CompletableFuture<Void> send(URI url, List<Customer> customers) {
        http.post().uri(url).body(customers).retrieve().toBodilessEntity();
        return CompletableFuture.completedFuture(null);
    }
}
