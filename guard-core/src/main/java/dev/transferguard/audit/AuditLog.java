// Longer than most files on purpose: the log's one public type and its builder, whose every option (files,
// keys, checkpoints, durability, witnesses) is documented where it is set; the machinery is in audit.internal.
package dev.transferguard.audit;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.internal.FileChannels;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.witness.WitnessSubmitter;
import dev.transferguard.audit.internal.write.LogConfig;
import dev.transferguard.audit.internal.write.LogWriter;
import dev.transferguard.audit.internal.write.QueuedEntry;
import dev.transferguard.internal.EngineDecision;
import dev.transferguard.internal.Pseudonyms;
import dev.transferguard.internal.json.EncodedSize;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The signed, tamper-evident audit log: one JSON line per decision, under a Merkle tree whose root is
 * signed at checkpoints (format: {@code docs/audit-log.md}).
 *
 * <pre>{@code
 * try (AuditLog log = AuditLog.builder()
 *         .directory(Path.of("audit"))
 *         .origin("example.com/audit")
 *         .signingKey(SigningKey.readPem(Path.of("audit-2026.key")))
 *         .pseudonymKey(secret)
 *         .open()) {
 *     Guard guard = Guard.builder().policies(bundle).audit(log).build();
 *     guard.enforce(transfer);   // recorded before it returns
 * }
 * }</pre>
 *
 * <p>Thread-safe. Appends from many threads are written and fsync'd in batches by one writer thread (group
 * commit). In {@link Durability#SYNC} mode (the default) an append returns once its record is durable. If
 * the log cannot write, every append from then on throws {@link AuditException}; reopen the log to go on.
 * Opening an existing log verifies its signed part (and refuses a log that does not verify) and cuts a
 * torn tail left by a crash, noting the cut in a {@code recovery} record.
 */
public final class AuditLog implements DecisionRecorder, AutoCloseable {

    /** When an append returns. */
    public enum Durability {
        /** Once the record is written and fsync'd, together with the records of other threads. */
        SYNC,
        /**
         * At once; the record waits in a bounded queue (a full queue blocks, never drops) and is fsync'd
         * within 10 ms. A crash can lose the records of the last moments.
         */
        ASYNC
    }

    private final LogWriter writer;
    private final Pseudonyms pseudonyms;
    private final Durability durability;
    private final WitnessSubmitter witnesses;
    private final Duration witnessTimeout;

    private AuditLog(LogWriter writer, Pseudonyms pseudonyms, Durability durability, WitnessSubmitter witnesses,
                     Duration witnessTimeout) {
        this.writer = writer;
        this.pseudonyms = pseudonyms;
        this.durability = durability;
        this.witnesses = witnesses;
        this.witnessTimeout = witnessTimeout;
    }

    /**
     * A builder; {@link Builder#directory}, {@link Builder#signingKey} and, for a new log,
     * {@link Builder#origin} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records a decision without a caller.
     *
     * @param transfer the transfer decided; its subject ids are pseudonymised before they are written
     * @param decision the decision
     * @return the record's sequence number
     * @throws AuditException when the log cannot record it
     */
    public long append(Transfer transfer, Decision decision) {
        return append(transfer, decision, Caller.NONE);
    }

    /**
     * Records a decision. In {@code SYNC} mode, returns once the record is durable.
     *
     * @param transfer the transfer decided; its subject ids are pseudonymised before they are written
     * @param decision the decision
     * @param caller   who asked
     * @return the record's sequence number
     * @throws AuditException when the log cannot record it (closed, failed, a full disk), or the transfer has
     *                        subject ids and the log has no pseudonym key
     */
    public long append(Transfer transfer, Decision decision, Caller caller) {
        Objects.requireNonNull(transfer, "transfer");
        Transfer safe = pseudonymise(transfer);
        QueuedEntry entry = submit(safe, ofTheEngine(decision), caller);
        return durability == Durability.SYNC ? entry.await() : entry.seq();
    }

    /**
     * {@inheritDoc}
     *
     * @throws AuditException if the transfer has subject ids and the log has no pseudonym key
     */
    @Override
    public Transfer pseudonymise(Transfer transfer) {
        if (transfer.subjects().ids().isEmpty()) {
            return transfer;
        }
        if (pseudonyms == null) {
            throw new AuditException("the audit log " + writer.directory()
                    + " has no pseudonym key, so it cannot record a transfer with subject ids");
        }
        return pseudonyms.apply(transfer);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The record is written and fsync'd by the writer thread, together with the records of other threads.
     */
    @Override
    public Recording record(Transfer pseudonymised, Decision decision, Caller caller) {
        Objects.requireNonNull(pseudonymised, "pseudonymised");
        return new Queued(submit(pseudonymised, ofTheEngine(decision), caller));
    }

    /**
     * Queues a decision's record. In {@code ASYNC} mode, while the writer has time for it, the record goes over
     * unencoded and the writer encodes it (the same bytes: one encoder, fed the same values, which are
     * immutable): the caller returns without paying for the encoding. A record that might not fit in a line is
     * encoded here, where a record too large is refused to the caller.
     */
    private QueuedEntry submit(Transfer pseudonymised, Decision decision, Caller caller) {
        Instant time = Instant.now();
        if (durability == Durability.ASYNC && writer.hasTimeToEncode()
                && EncodedSize.of(pseudonymised, decision) + callerBytes(caller) <= writer.maxBody()) {
            return writer.submitUnencoded(() -> RecordFormat.decisionBody(time, pseudonymised, decision, caller));
        }
        return writer.submit(RecordFormat.decisionBody(time, pseudonymised, decision, caller));
    }

    /** At most how many bytes the caller and the record's other fields take (see {@link EncodedSize}). */
    private static long callerBytes(Caller caller) {
        long n = 512;
        if (caller != null) {
            n += 6L * ((caller.service() == null ? 0 : caller.service().length())
                    + (caller.method() == null ? 0 : caller.method().length()));
        }
        return n;
    }

    /** A queued record; its sequence number is set by the writer before the entry completes. */
    private record Queued(QueuedEntry entry) implements Recording {
        @Override
        public void await() {
            entry.await();
        }

        @Override
        public long sequence() {
            return entry.seq();
        }
    }

    /** A decision is evidence only when the engine made it: a caller cannot have a made-up one recorded. */
    private static Decision ofTheEngine(Decision decision) {
        Objects.requireNonNull(decision, "decision");
        if (!(decision instanceof EngineDecision)) {
            throw new IllegalArgumentException("the audit log records only decisions made by a Guard, not a "
                    + decision.getClass().getName());
        }
        return decision;
    }

    /** {@inheritDoc} In {@link Durability#SYNC} mode. */
    @Override
    public boolean waitsForDurability() {
        return durability == Durability.SYNC;
    }

    /** {@inheritDoc} Reads the durable records of this log's directory. */
    @Override
    public void replayAllowed(Consumer<Transfer> sink) {
        replayAllowed(sink, size());
    }

    /** {@inheritDoc} Reads at most the records durable when it starts. */
    @Override
    public void replayAllowed(Consumer<Transfer> sink, long upTo) {
        Objects.requireNonNull(sink, "sink");
        try (Stream<AuditRecord> records = AuditReader.records(directory(), Math.min(upTo, size()))) {
            Iterator<AuditRecord> it = records.iterator();
            while (it.hasNext()) {
                AuditRecord r = it.next();
                if (r.kind() == AuditRecord.Kind.DECISION && r.decision().allowed()) {
                    sink.accept(r.transfer());
                }
            }
        }
    }

    /** {@inheritDoc} The log directory. */
    @Override
    public String location() {
        return directory().toString();
    }

    /**
     * Waits until every record appended so far is durable (useful in {@code ASYNC} mode).
     *
     * @throws AuditException when the log cannot write them
     */
    @Override
    public void flush() {
        writer.flush();
    }

    /**
     * Signs a checkpoint over every record appended so far, now, rather than when one is due.
     *
     * @return the latest checkpoint
     * @throws AuditException when the log cannot write it
     */
    public Checkpoint checkpoint() {
        return writer.checkpoint();
    }

    /** @return the latest checkpoint written */
    public Checkpoint latestCheckpoint() {
        return writer.latestCheckpoint();
    }

    /** @return how many records are durable */
    @Override
    public long size() {
        return writer.durableSize();
    }

    /** @return the log's origin name */
    public String origin() {
        return writer.origin();
    }

    /** @return the log directory */
    public Path directory() {
        return writer.directory();
    }

    /** @return when appends return */
    public Durability durability() {
        return durability;
    }

    /**
     * Submits a log's latest checkpoint to witnesses and waits, at most {@code timeout}, for their cosignatures,
     * which are kept beside the checkpoint: for a log written without witnesses, or one whose witnesses were
     * down when it closed. Needs no key: the checkpoint is signed already. The log may be open elsewhere.
     *
     * @param directory the log directory
     * @param witnesses each witness's URL prefix and public key
     * @param timeout   how long to wait for all of them
     * @return how each witness fared
     * @throws AuditException when the directory holds no checkpoint
     */
    public static List<WitnessStatus> submitToWitnesses(Path directory, java.util.Map<URI, VerifierKey> witnesses,
                                                        Duration timeout) {
        byte[] note;
        try {
            note = dev.transferguard.audit.internal.LogFiles.readCheckpoint(
                    directory.resolve(dev.transferguard.audit.internal.LogFiles.CHECKPOINT));
        } catch (java.io.IOException e) {
            throw new AuditException("cannot read the checkpoint of " + directory + ": " + e.getMessage(), e);
        }
        if (note == null) {
            throw new AuditException("no checkpoint in " + directory + ": is it an audit log?");
        }
        List<WitnessSubmitter.Target> targets = new ArrayList<>();
        witnesses.forEach((uri, key) -> targets.add(new WitnessSubmitter.Target(uri, key)));
        try (WitnessSubmitter submitter = new WitnessSubmitter(directory, targets, timeout)) {
            submitter.submit(note);
            long size = dev.transferguard.audit.internal.note.CheckpointText.parse(SignedNote.parse(note).text())
                    .treeSize();
            submitter.awaitCosigned(size, timeout);
            return submitter.status();
        }
    }

    /**
     * How each witness fares (empty when the log has none): for metrics and health checks.
     *
     * @return one status per witness, in the order they were added
     */
    public List<WitnessStatus> witnessStatus() {
        return witnesses == null ? List.of() : witnesses.status();
    }

    /**
     * Writes what is queued, signs a last checkpoint and closes the files. Appends after this throw. A log
     * with witnesses then waits, at most its witness timeout, for them to cosign that last checkpoint; a
     * witness that does not answer in time leaves it uncosigned, which {@code guard audit verify} reports.
     *
     * @throws AuditException when the last writes fail
     */
    @Override
    public void close() {
        try {
            writer.close();
            if (witnesses != null) {
                witnesses.awaitCosigned(writer.latestCheckpoint().treeSize(), witnessTimeout);
            }
        } finally {
            if (witnesses != null) {
                witnesses.close();
            }
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + writer.directory() + ", origin=" + writer.origin() + "]";
    }

    /** Configures an {@link AuditLog}; {@link #open()} ends. */
    public static final class Builder {
        private Path directory;
        private String origin;
        private final List<SigningKey> keys = new ArrayList<>();
        private final List<VerifierKey> trusted = new ArrayList<>();
        private byte[] pseudonymKey;
        private Durability durability = Durability.SYNC;
        private int checkpointRecords = 1000;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private long segmentBytes = 64L << 20;
        private int queueCapacity = 16_384;
        private FileChannels channels = FileChannels.DEFAULT;
        private final List<WitnessSubmitter.Target> witnesses = new ArrayList<>();
        private Duration witnessTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Adds a C2SP tlog-witness: each checkpoint is submitted to it in the background, with a consistency
         * proof from the last one it cosigned, and its cosignature is kept beside the checkpoint
         * ({@code DIR/cosignatures/}). A witness that is down or refuses never blocks or fails an append; it
         * shows in {@link AuditLog#witnessStatus()} and in verification.
         *
         * @param submissionPrefix the witness's URL prefix, e.g. {@code http://127.0.0.1:7380}; requests go
         *                         to {@code <prefix>/add-checkpoint}
         * @param key              the witness's public key (its name is the cosignatures' key name)
         * @return this builder
         */
        public Builder witness(URI submissionPrefix, VerifierKey key) {
            Objects.requireNonNull(submissionPrefix, "submissionPrefix");
            if (!"http".equals(submissionPrefix.getScheme()) && !"https".equals(submissionPrefix.getScheme())) {
                throw new IllegalArgumentException("a witness URL must be http or https: " + submissionPrefix);
            }
            witnesses.add(new WitnessSubmitter.Target(submissionPrefix, Objects.requireNonNull(key, "key")));
            return this;
        }

        /**
         * Sets how long {@link AuditLog#close()} waits for the witnesses to cosign the last checkpoint, and how
         * long one request to a witness may take; 5 seconds by default.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder witnessTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the witness timeout must be positive");
            }
            this.witnessTimeout = timeout;
            return this;
        }

        /** Opens the log's files through other channels: for fault injection in tests. */
        Builder channels(FileChannels channels) {
            this.channels = Objects.requireNonNull(channels, "channels");
            return this;
        }

        /**
         * Sets the log directory; it is created when missing.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the origin name that every record and checkpoint carries, e.g. {@code example.com/audit}.
         * Required for a new log; for an existing one it must match (or be left out).
         *
         * @param origin one line, without control characters
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * Adds a key that signs every checkpoint. Add two during a rotation: the old and the new.
         *
         * @param key a signing key
         * @return this builder
         */
        public Builder signingKey(SigningKey key) {
            keys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Trusts checkpoints signed by a further key when opening the log, e.g. the previous key after a
         * rotation. It does not sign.
         *
         * @param key a verifier key
         * @return this builder
         */
        public Builder trust(VerifierKey key) {
            trusted.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets the secret that subject ids are pseudonymised with (HMAC-SHA256). Without it, a transfer with
         * subject ids cannot be recorded. Keep it as long as the log: counters rebuilt from the log count
         * a person once only under one key.
         *
         * @param key at least 16 bytes; copied
         * @return this builder
         * @throws IllegalArgumentException if the key is missing or shorter than 16 bytes
         */
        public Builder pseudonymKey(byte[] key) {
            this.pseudonymKey = Pseudonyms.checkKey(key, "the pseudonym key");
            return this;
        }

        /**
         * Sets when appends return; {@link Durability#SYNC} by default.
         *
         * @param durability the durability
         * @return this builder
         */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Sets how often checkpoints are signed: after {@code records} records or {@code interval} after the
         * oldest unsigned record, whichever is first; 1000 records and 1 second by default.
         *
         * @param records  at least 1
         * @param interval positive
         * @return this builder
         */
        public Builder checkpointEvery(int records, Duration interval) {
            if (records < 1 || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("checkpoints need at least 1 record and a positive interval");
            }
            this.checkpointRecords = records;
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * Sets the size at which a new segment file is started; 64 MiB by default.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder segmentSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the segment size must be positive");
            }
            this.segmentBytes = bytes;
            return this;
        }

        /**
         * Sets how many records may wait to be written; when full, appends block. 16,384 by default.
         *
         * @param capacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("the queue capacity must be positive");
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Opens the log: creates it, or verifies and recovers the one in the directory.
         *
         * @return the open log
         * @throws IllegalStateException when the directory or the signing key is missing
         * @throws AuditException        when the log cannot be created or opened, or does not verify
         */
        public AuditLog open() {
            if (directory == null) {
                throw new IllegalStateException("AuditLog.builder() needs directory(...) before open()");
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("AuditLog.builder() needs signingKey(...) before open()");
            }
            LogWriter writer = LogWriter.open(new LogConfig(directory, origin, keys, trusted, durability,
                    checkpointRecords, checkpointInterval.toNanos(), segmentBytes, queueCapacity, channels));
            Pseudonyms p = pseudonymKey == null ? null : new Pseudonyms(pseudonymKey);
            WitnessSubmitter submitter = null;
            if (!witnesses.isEmpty()) {
                submitter = new WitnessSubmitter(directory, witnesses, witnessTimeout);
                writer.onCheckpoint(submitter::submit);
                // The checkpoint recovery signed on open, and any the witnesses have not seen yet.
                Checkpoint latest = writer.latestCheckpoint();
                submitter.submit(SignedNote.sign(latest.body(), keys).getBytes(StandardCharsets.UTF_8));
            }
            return new AuditLog(writer, p, durability, submitter, witnessTimeout);
        }
    }
}
