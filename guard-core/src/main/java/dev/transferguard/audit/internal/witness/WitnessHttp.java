package dev.transferguard.audit.internal.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The witness's HTTP interface on the JDK's server: {@code POST /add-checkpoint} and nothing else. A body
 * larger than {@link AddCheckpointRequest#MAX_BODY_BYTES} is refused with 413 before more of it is read.
 */
public final class WitnessHttp implements AutoCloseable {

    /** The path of the one call. */
    public static final String ADD_CHECKPOINT = "/add-checkpoint";
    /** How much of an oversized body is read and dropped before the 413 is sent. */
    private static final long DRAIN_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;

    private WitnessHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param engine  the witness
     * @param address where to listen
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static WitnessHttp start(WitnessEngine engine, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "witness-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(engine, exchange));
        server.start();
        return new WitnessHttp(server, executor);
    }

    private static void handle(WitnessEngine engine, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!ADD_CHECKPOINT.equals(exchange.getRequestURI().getPath())) {
                send(exchange, new WitnessEngine.Answer(404, WitnessEngine.TEXT_TYPE, "not found\n"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, new WitnessEngine.Answer(405, WitnessEngine.TEXT_TYPE, "use POST\n"));
                return;
            }
            byte[] body = readAtMost(exchange, AddCheckpointRequest.MAX_BODY_BYTES);
            if (body == null) {
                send(exchange, new WitnessEngine.Answer(413, WitnessEngine.TEXT_TYPE, "the body is larger than "
                        + AddCheckpointRequest.MAX_BODY_BYTES + " bytes\n"));
                return;
            }
            send(exchange, engine.add(body));
        }
    }

    /**
     * Reads the body, or returns {@code null} once it is known to be longer than {@code max}. What follows is
     * read and dropped up to a bound, so that a client still sending gets the 413 instead of a reset; a body
     * beyond that bound is cut off with the connection.
     */
    private static byte[] readAtMost(HttpExchange exchange, int max) throws IOException {
        long announced = -1;
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                announced = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (announced > DRAIN_BYTES) {
                return null;
            }
            byte[] body = in.readNBytes(max + 1);
            if (body.length <= max) {
                return body;
            }
            in.skipNBytes(Math.max(0, Math.min(announced, DRAIN_BYTES) - body.length));
            return null;
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, WitnessEngine.Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address it listens on */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
