package dev.transferguard.examples.crm.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A partner service on a free loopback port: it accepts every POST and keeps the bodies it received, so
 * that a test or the demo can tell whether an export arrived.
 */
public final class StubPartner implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    /**
     * Starts a partner.
     *
     * @param name the partner's name
     */
    public StubPartner(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** @return the partner's name */
    public String name() {
        return name;
    }

    /** @return {@code 127.0.0.1:port}: the form of a host rule for this partner alone */
    public String hostAndPort() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** @return the partner's import URL */
    public URI importUrl() {
        return URI.create("http://" + hostAndPort() + "/import");
    }

    /** @return the request bodies received so far */
    public List<String> received() {
        return received;
    }

    /** Forgets what was received. */
    public void reset() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
