package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's HTTP client inside a guarded method, over real HTTP on loopback: partners in SG and the US. */
class GuardedHttpClientTest {

    record Customer(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    interface Exporter {
        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        int send(URI partner, Customer customer) throws Exception;
    }

    final List<String> received = new CopyOnWriteArrayList<>();
    HttpServer singapore;
    HttpServer unitedStates;

    @BeforeEach
    void partners() throws IOException {
        singapore = partner("SG");
        unitedStates = partner("US");
    }

    private HttpServer partner(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/import", exchange -> {
            received.add(name);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        singapore.stop(0);
        unitedStates.stop(0);
    }

    private URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/import");
    }

    private Exporter exporter(HttpClient http, boolean async) {
        Guard guard = Guard.builder().policies(PolicyBundle.load(Repository.file("policies"))).jurisdiction("CN")
                .entity("ciio", false).entity("ftz", false)
                .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("separate-consent"),
                        LegalBasis.of("pipia")).build())
                .hosts(HostRules.builder().host("SG", "127.0.0.1:" + singapore.getAddress().getPort())
                        .host("US", "127.0.0.1:" + unitedStates.getAddress().getPort()).build())
                .build();
        return guard.protect(Exporter.class, (partner, customer) -> {
            HttpRequest request = HttpRequest.newBuilder(partner).POST(HttpRequest.BodyPublishers.noBody()).build();
            return async ? http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).join().statusCode()
                    : http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        });
    }

    static final Customer LI = new Customer("c-1", "li@example.cn", "CN");

    @Test
    void aRequestToTheDecidedJurisdictionGoesAheadAndOneElsewhereIsStoppedBeforeItIsSent() throws Exception {
        HttpClient http = GuardedHttpClient.wrap(HttpClient.newHttpClient());
        for (boolean async : List.of(false, true)) {
            Exporter exporter = exporter(http, async);
            assertEquals(204, exporter.send(uri(singapore), LI));
            Throwable e = assertThrows(Exception.class, () -> exporter.send(uri(unitedStates), LI));
            Throwable denied = e instanceof CompletionException ? e.getCause() : e;
            assertTrue(denied instanceof TransferDeniedException, String.valueOf(denied));
        }
        assertEquals(List.of("SG", "SG"), received, "nothing reached the United States");
    }

    @Test
    void aClientThatFollowsRedirectsIsRefused() {
        HttpClient follows = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuardedHttpClient.wrap(follows));
        assertTrue(e.getMessage().contains("followRedirects(HttpClient.Redirect.NEVER)"), e.getMessage());
    }

    @Test
    void outsideGuardedCallsRequestsPassUntouched() throws Exception {
        HttpClient http = GuardedHttpClient.wrap(HttpClient.newHttpClient());
        assertEquals(204, http.send(HttpRequest.newBuilder(uri(unitedStates)).POST(HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(List.of("US"), received);
    }
}
