package dev.transferguard.audit.internal.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends {@code add-checkpoint} requests to one witness, on the JDK's HTTP client. */
final class WitnessClient {

    /** The most of an answer read: a few signature lines, or a size. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body   its body, at most 64 KiB of it
     */
    record Answer(int status, String body) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;

    /**
     * @param submissionPrefix the witness's URL prefix, e.g. {@code http://127.0.0.1:7380}
     * @param timeout          how long one request may take
     */
    WitnessClient(URI submissionPrefix, Duration timeout) {
        String prefix = submissionPrefix.toString();
        this.endpoint = URI.create((prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix)
                + WitnessHttp.ADD_CHECKPOINT);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Posts one request body.
     *
     * @param body the body
     * @return the answer
     * @throws IOException          when the witness cannot be reached or the answer is cut
     * @throws InterruptedException when interrupted while waiting
     */
    Answer post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            return new Answer(r.statusCode(), new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8));
        }
    }

    /** @return where requests go */
    URI endpoint() {
        return endpoint;
    }
}
