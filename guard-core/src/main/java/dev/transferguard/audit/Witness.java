package dev.transferguard.audit;

import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.witness.WitnessEngine;
import dev.transferguard.audit.internal.witness.WitnessHttp;
import dev.transferguard.audit.internal.witness.WitnessState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A C2SP {@code tlog-witness} (v1.0.0): it cosigns a log's checkpoint only when it is consistent with the
 * last one it cosigned for that log, so that the log's own operator cannot roll the log back or show two
 * histories without the witness refusing. Cosignatures are C2SP {@code tlog-cosignature} v1 (Ed25519,
 * timestamped). The latest cosigned checkpoint of each log is persisted with fsync before the answer; a
 * refused fork is kept as evidence in the state directory.
 *
 * <pre>{@code
 * try (Witness witness = Witness.builder()
 *         .signingKey(SigningKey.readPem(Path.of("witness.key")))
 *         .stateDirectory(Path.of("witness-state"))
 *         .logKey("example.com/audit", VerifierKey.readPem(Path.of("audit-2026.pub")))
 *         .build();
 *      Witness.Server server = witness.serve(new InetSocketAddress("127.0.0.1", 7380))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are handled one at a time.
 */
public final class Witness implements AutoCloseable {

    /**
     * The answer to an {@code add-checkpoint} request, as the HTTP interface sends it.
     *
     * @param status      the HTTP status: 200 with the cosignature line, 400 malformed, 403 not signed by a key
     *                    of the log, 404 unknown log, 409 stale old size (the body is the witness's size), 422
     *                    a consistency proof that does not verify, 500 the state could not be written
     * @param contentType the content type
     * @param body        the body
     */
    public record Response(int status, String contentType, String body) {
    }

    /** A running HTTP interface; closing it stops it (the witness stays open). */
    public static final class Server implements AutoCloseable {
        private final WitnessHttp http;

        private Server(WitnessHttp http) {
            this.http = http;
        }

        /** @return the port it listens on */
        public int port() {
            return http.port();
        }

        /** @return the address it listens on */
        public InetSocketAddress address() {
            return http.address();
        }

        /** Stops serving. */
        @Override
        public void close() {
            http.close();
        }
    }

    private final WitnessEngine engine;
    private final WitnessState state;
    private final VerifierKey key;

    private Witness(WitnessEngine engine, WitnessState state, VerifierKey key) {
        this.engine = engine;
        this.state = state;
        this.key = key;
    }

    /**
     * A builder; {@link Builder#signingKey}, {@link Builder#stateDirectory} and at least one log key are
     * required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles the body of a {@code POST /add-checkpoint}.
     *
     * @param body the request body
     * @return the answer
     */
    public Response addCheckpoint(byte[] body) {
        WitnessEngine.Answer a = engine.add(Objects.requireNonNull(body, "body"));
        return new Response(a.status(), a.contentType(), a.body());
    }

    /**
     * Serves the HTTP interface ({@code POST /add-checkpoint}) on the JDK's HTTP server.
     *
     * @param address where to listen, e.g. {@code 127.0.0.1} and a port (0 for any free one)
     * @return the running server
     * @throws AuditException when the address cannot be bound
     */
    public Server serve(InetSocketAddress address) {
        try {
            return new Server(WitnessHttp.start(engine, address));
        } catch (IOException e) {
            throw new AuditException("cannot listen on " + address + ": " + ErrorText.describe(e), e);
        }
    }

    /** @return the witness's public key, whose name and cosignature key id its cosignatures carry */
    public VerifierKey verifierKey() {
        return key;
    }

    /** @return the directory where refused forks are kept, one file each */
    public Path evidenceDirectory() {
        return state.evidenceDirectory();
    }

    /** Releases the state directory. */
    @Override
    public void close() {
        state.close();
    }

    /** Configures a {@link Witness}; {@link #build()} ends. */
    public static final class Builder {
        private SigningKey key;
        private Path stateDirectory;
        private final Map<String, List<VerifierKey>> byOrigin = new HashMap<>();
        private final List<VerifierKey> anyOrigin = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the witness's own key, which cosigns.
         *
         * @param key an Ed25519 key, as {@code guard keygen} makes
         * @return this builder
         */
        public Builder signingKey(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Sets where the witness keeps its state: created when missing, locked while the witness is open.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Trusts a log key for one log.
         *
         * @param origin the log's origin line
         * @param key    a key that signs its checkpoints
         * @return this builder
         */
        public Builder logKey(String origin, VerifierKey key) {
            byOrigin.computeIfAbsent(Objects.requireNonNull(origin, "origin"), o -> new ArrayList<>())
                    .add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Trusts a log key for every origin its checkpoints name, for a witness of one operator's many logs.
         * A log with keys of its own ({@link #logKey(String, VerifierKey)}) is held to those alone.
         *
         * @param key a key that signs checkpoints
         * @return this builder
         */
        public Builder logKey(VerifierKey key) {
            anyOrigin.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets the clock of the cosignatures' time; the system's UTC clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the state and builds the witness.
         *
         * @return the witness
         * @throws IllegalStateException when the key, the state directory or every log key is missing
         * @throws AuditException        when the state cannot be opened or is in use
         */
        public Witness build() {
            if (key == null || stateDirectory == null) {
                throw new IllegalStateException("Witness.builder() needs signingKey(...) and stateDirectory(...)");
            }
            if (byOrigin.isEmpty() && anyOrigin.isEmpty()) {
                throw new IllegalStateException("Witness.builder() needs at least one logKey(...)");
            }
            WitnessState state = WitnessState.open(stateDirectory);
            return new Witness(new WitnessEngine(key, byOrigin, anyOrigin, state, clock), state, key.verifierKey());
        }
    }
}
