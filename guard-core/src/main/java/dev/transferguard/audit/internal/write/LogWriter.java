// Longer than most files on purpose: the writer thread and the callers' side of its queue share its state, kept
// in one place so that what a caller may see of it stays next to what the writer does with it.
package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LineBuffer;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.RecordFormat;
import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.TailBound;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's writer: one thread that owns the files, fed by a bounded queue.
 *
 * <p>Callers encode their record bodies on their own threads and queue them, or, in {@code ASYNC} mode while
 * few requests wait, hand them over unencoded for the writer to encode; the writer thread takes
 * everything queued at once (a batch), gives each record its sequence number's head and leaf hash, writes
 * the batch with one call and fsyncs it once (group commit), then wakes the callers that wait. Sequence
 * numbers are handed out when a record is queued, under the same lock that orders the queue, so the file
 * order is the sequence order. Checkpoints are signed after the batch, so they only ever cover records
 * already fsync'd.
 *
 * <p>In {@code SYNC} mode the callers a batch releases come back with their next records while the writer
 * is already taking the next batch. Taking only what is queued at that moment would split the callers into
 * two alternating halves, each paying a whole fsync; so the writer waits, at most as long as its last fsync
 * took, for as many records as the last batch released plus those other callers queued before that release
 * ({@link RequestQueue}). A lone caller is never kept waiting: one record is all that is expected of it.
 *
 * <p>Checkpoints are the {@link Checkpointer}'s, the files the {@link SegmentFile}'s, and opening an existing
 * log is {@link Recovery}'s.
 *
 * <p>When anything fails (a write, an fsync, a new segment), the writer stops for good: every record
 * waiting and every later one gets an {@link AuditException}. The file then ends, at worst, with a torn
 * line, which recovery cuts when the log is next opened; nothing acknowledged is touched.
 */
public final class LogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    /** How often an async log fsyncs at the least. */
    static final long ASYNC_FORCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Below this many queued requests the writer encodes records handed over unencoded. */
    static final int HAND_OVER_BELOW = 64;

    private final LogConfig config;
    private final Path dir;
    private final String origin;
    private final byte[] headPrefix;
    private final LogLock lock;
    private final Checkpointer checkpointer;
    private final RequestQueue queue;
    private final Thread thread;

    private volatile long durableSize;
    /** The longest body whose line stays within {@link LogFiles#MAX_LINE_BYTES}. */
    private final int maxBody;

    // Owned by the writer thread after the constructor.
    private final SegmentFile segment;
    private final CompactRange tree;
    private final byte[] prev = new byte[RecordFormat.HASH];
    private final Rfc6962Hasher hasher = new Rfc6962Hasher();
    private final LineBuffer out = new LineBuffer(1 << 16);
    private final byte[] leaf = new byte[RecordFormat.HASH];

    private LogWriter(LogConfig config, LogLock lock, Recovery.Recovered recovered) throws IOException {
        this.config = config;
        this.dir = config.dir();
        this.origin = recovered.origin;
        this.headPrefix = RecordHead.headPrefix(origin);
        // The head: the prefix, up to 20 digits of seq and the prev field with its 64 hex digits.
        this.maxBody = LogFiles.MAX_LINE_BYTES - headPrefix.length - 20 - 100;
        this.lock = lock;
        this.tree = recovered.tree;
        System.arraycopy(recovered.prev, 0, prev, 0, prev.length);
        this.segment = recovered.segment;
        this.checkpointer = new Checkpointer(config, origin, recovered.checkpoint);
        if (recovered.cut != null) {
            Recovery.Cut c = recovered.cut;
            LOG.warn("audit log {}: recovery cut {} bytes ({} lines, {}) from {} at offset {}", dir, c.bytes(),
                    c.lines(), c.reason(), c.file(), c.offset());
            byte[] body = RecordFormat.recoveryBody(Instant.now(), c.file(), c.offset(), c.bytes(), c.lines(),
                    c.reason());
            writeBatch(List.of(new QueuedEntry(QueuedEntry.DATA, body, null)), true);
        }
        if (tree.size() > recovered.checkpoint.treeSize() || recovered.republish) {
            writeCheckpoint(true, false);
        }
        // Stated only now, with nothing left unsigned: the tail recovery checked was written under the old bound.
        writeTailBound();
        this.durableSize = tree.size();
        this.queue = new RequestQueue(dir, config.queueCapacity(), tree.size());
        this.thread = new Thread(this::run, "audit-log-writer " + dir.getFileName());
        thread.setDaemon(true);
        if (!config.sync()) {
            checkpointer.startSigner();
        }
        thread.start();
    }

    /** Writes the bound this writer keeps its unsigned tail to, unless the file already says so. */
    private void writeTailBound() throws IOException {
        TailBound bound = TailBound.of(config.checkpointRecords(), config.checkpointNanos(), config.queueCapacity());
        Path file = dir.resolve(TailBound.FILE);
        byte[] now = LogFiles.readCheckpoint(file);
        byte[] wanted = SignedNote.sign(bound.text(origin), config.keys()).getBytes(StandardCharsets.UTF_8);
        // Ed25519 signatures are deterministic: the same bound signed by the same keys is the same file.
        if (now == null || !Arrays.equals(now, wanted)) {
            LogFiles.writeAtomically(file, wanted, config.channels());
        }
    }

    /**
     * Opens a log, creating it when the directory holds none, and recovering it when it does.
     *
     * @param config the configuration
     * @return the running writer
     * @throws AuditException when the log cannot be created or opened, or does not verify
     */
    public static LogWriter open(LogConfig config) {
        Path dir = config.dir();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(dir.resolve(LogFiles.CHECKPOINTS));
        } catch (IOException e) {
            throw new AuditException("cannot create the audit log directory " + dir + ": " + ErrorText.describe(e), e);
        }
        LogLock lock = LogLock.acquire(dir);
        Recovery.Recovered recovered = null;
        try {
            recovered = Recovery.run(config);
            return new LogWriter(config, lock, recovered);
        } catch (IOException e) {
            close(recovered);
            lock.release();
            throw new AuditException("cannot open the audit log " + dir + ": " + ErrorText.describe(e), e);
        } catch (RuntimeException e) {
            close(recovered);
            lock.release();
            throw e;
        }
    }

    private static void close(Recovery.Recovered recovered) {
        if (recovered != null && recovered.segment != null) {
            recovered.segment.closeQuietly();
        }
    }

    /** @return the log's origin */
    public String origin() {
        return origin;
    }

    /** @return the log directory */
    public Path directory() {
        return dir;
    }

    /** @return how many records are durable */
    public long durableSize() {
        return durableSize;
    }

    /** @return the latest checkpoint written */
    public Checkpoint latestCheckpoint() {
        return checkpointer.latest();
    }

    /**
     * Sets who is told of each checkpoint written from now on (its signed note, once durable). It must
     * return at once: it runs on the writer's or the signer's thread.
     *
     * @param listener receives the signed note
     */
    public void onCheckpoint(java.util.function.Consumer<byte[]> listener) {
        checkpointer.onPublished(listener);
    }

    /** @return the failure that stopped the log, or {@code null} while it works */
    public AuditException failure() {
        return queue.failure();
    }

    /**
     * Queues a record. In {@code SYNC} mode the caller should then {@link QueuedEntry#await()} it.
     *
     * @param body the record's body, from {@link dev.transferguard.audit.internal.RecordFormat#decisionBody}
     * @return the queued entry, with its sequence number
     * @throws AuditException when the log is closed or failed, or the wait for room was interrupted
     */
    public QueuedEntry submit(byte[] body) {
        if (body.length > maxBody) {
            // The readers cut a longer line: a record they cannot read whole must not be written.
            throw new AuditException("a record of " + body.length + " bytes is too large for the audit log " + dir
                    + " (at most " + maxBody + ")");
        }
        return queue.put(new QueuedEntry(QueuedEntry.DATA, body, config.sync() ? Thread.currentThread() : null));
    }

    /**
     * The longest body a record may have.
     *
     * @return the limit in bytes
     */
    public int maxBody() {
        return maxBody;
    }

    /**
     * Whether few requests wait for the writer, so that it has time to encode a record itself: then a caller
     * may hand one over unencoded ({@link #submitUnencoded}) and return sooner. When they pile up, the callers'
     * threads encoding in parallel are what keeps the log's pace.
     *
     * @return {@code true} while fewer than {@value #HAND_OVER_BELOW} requests are queued
     */
    public boolean hasTimeToEncode() {
        return queue.size() < HAND_OVER_BELOW;
    }

    /**
     * Queues a record whose body the writer thread encodes when it writes it. The caller must know the body
     * fits ({@link #maxBody()}): its sequence number is taken now, and a body too large found later stops
     * the log.
     *
     * @param encoder makes the record's body, on the writer's thread; it must read nothing that changes
     * @return the queued entry, with its sequence number
     * @throws AuditException when the log is closed or failed, or the wait for room was interrupted
     */
    public QueuedEntry submitUnencoded(java.util.function.Supplier<byte[]> encoder) {
        return queue.put(new QueuedEntry(QueuedEntry.DATA, null, encoder,
                config.sync() ? Thread.currentThread() : null));
    }

    /**
     * Appends a record and, in {@code SYNC} mode, waits until it is durable.
     *
     * @param body the record's body
     * @return its sequence number
     * @throws AuditException when the log cannot record it
     */
    public long append(byte[] body) {
        QueuedEntry e = submit(body);
        return config.sync() ? e.await() : e.seq;
    }

    /**
     * Waits until every record queued so far is durable.
     *
     * @throws AuditException when the log cannot
     */
    public void flush() {
        queue.put(new QueuedEntry(QueuedEntry.FLUSH, null, Thread.currentThread())).await();
    }

    /**
     * Signs a checkpoint over every record queued so far (none when nothing is new).
     *
     * @return the latest checkpoint
     * @throws AuditException when the log cannot
     */
    public Checkpoint checkpoint() {
        QueuedEntry e = queue.put(new QueuedEntry(QueuedEntry.CHECKPOINT, null, Thread.currentThread()));
        e.await();
        return e.checkpoint;
    }

    /**
     * Writes what is queued, signs a last checkpoint and closes the files. Later appends fail. Closing a
     * closed or failed log does nothing.
     *
     * @throws AuditException when the last writes fail
     */
    public void close() {
        QueuedEntry e = new QueuedEntry(QueuedEntry.CLOSE, null, Thread.currentThread());
        if (queue.putLast(e)) {
            e.await();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the writer thread ------------------------------------------------------------------------------

    private void run() {
        List<QueuedEntry> batch = new ArrayList<>();
        try {
            while (true) {
                if (!queue.take(batch, nextWakeUp(), config.sync(), segment.lastForceDuration())) {
                    onIdle();
                    continue;
                }
                boolean stop = process(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (Throwable t) {
            stop(t, batch);
        }
    }

    private long nextWakeUp() {
        long now = System.nanoTime();
        long wait = IDLE_WAIT_NANOS;
        if (segment.dirty()) {
            wait = Math.min(wait, segment.lastForceNanos() + ASYNC_FORCE_NANOS - now);
        }
        wait = Math.min(wait, checkpointer.untilDue(tree.size(), now));
        return Math.max(wait, 0);
    }

    private void onIdle() throws IOException {
        checkpointer.check();
        long now = System.nanoTime();
        if (segment.dirty() && now - segment.lastForceNanos() >= ASYNC_FORCE_NANOS) {
            force();
        }
        if (checkpointer.due(tree.size(), now)) {
            writeCheckpoint(false, true);
        }
    }

    /** Writes one batch and answers its entries; returns whether the log is now closed. */
    private boolean process(List<QueuedEntry> batch) throws IOException {
        checkpointer.check();
        boolean sync = config.sync();
        boolean mustForce = false;
        boolean checkpointRequested = false;
        boolean close = false;
        for (QueuedEntry e : batch) {
            if (e.type == QueuedEntry.FLUSH) {
                mustForce = true;
            } else if (e.type == QueuedEntry.CHECKPOINT) {
                checkpointRequested = true;
            } else if (e.type == QueuedEntry.CLOSE) {
                close = true;
            }
        }
        boolean wrote = writeBatch(batch, sync || mustForce || close || checkpointRequested);
        if (!sync && segment.dirty() && System.nanoTime() - segment.lastForceNanos() >= ASYNC_FORCE_NANOS) {
            force();
        }
        int released = 0;
        for (QueuedEntry e : batch) {
            released += e.type == QueuedEntry.DATA && e.waiter != null ? 1 : 0;
        }
        queue.releasing(released);
        for (QueuedEntry e : batch) {
            if (e.type == QueuedEntry.DATA || e.type == QueuedEntry.FLUSH) {
                e.complete();
            }
        }
        if (checkpointRequested || close) {
            writeCheckpoint(false, false);
        } else if (wrote && checkpointer.due(tree.size(), System.nanoTime())) {
            writeCheckpoint(false, true);
        }
        for (QueuedEntry e : batch) {
            if (e.type == QueuedEntry.CHECKPOINT) {
                e.checkpoint = checkpointer.latest();
                e.complete();
            }
        }
        if (close) {
            checkpointer.stop();
            checkpointer.check();
            segment.close();
            lock.release();
            for (QueuedEntry e : batch) {
                if (e.type == QueuedEntry.CLOSE) {
                    e.complete();
                }
            }
            return true;
        }
        return false;
    }

    /** Writes the records of a batch with one write call; returns whether there were any. */
    private boolean writeBatch(List<QueuedEntry> batch, boolean forceNow) throws IOException {
        if (segment.size() >= config.segmentBytes() && segment.size() > 0 && hasData(batch)) {
            roll();
        }
        out.reset();
        long before = tree.size();
        for (QueuedEntry e : batch) {
            if (e.type != QueuedEntry.DATA) {
                continue;
            }
            if (e.seq >= 0 && e.seq != tree.size()) {
                throw new IllegalStateException("record " + e.seq + " reached the writer at position " + tree.size());
            }
            e.seq = tree.size();
            if (e.body == null) {
                e.body = e.encoder.get();
                if (e.body.length > maxBody) {
                    // The caller vouched that it fits; a record cut short or skipped would break the chain.
                    throw new IllegalStateException("a record of " + e.body.length + " bytes handed over unencoded"
                            + " is too large (at most " + maxBody + ")");
                }
            }
            int start = out.size();
            RecordHead.writeHead(out, headPrefix, e.seq, prev);
            out.write(e.body);
            hasher.hashLeaf(out.array(), start, out.size() - start, leaf, 0);
            out.write('\n');
            tree.append(leaf, 0);
            System.arraycopy(leaf, 0, prev, 0, prev.length);
        }
        boolean wrote = tree.size() > before;
        if (wrote) {
            checkpointer.written(before);
            segment.write(out.array(), 0, out.size());
        }
        if (forceNow && segment.dirty()) {
            force();
        }
        if (out.array().length > (1 << 22)) {
            // One huge batch should not pin its buffer for the life of the log.
            out.truncate(0);
        }
        return wrote;
    }

    private static boolean hasData(List<QueuedEntry> batch) {
        for (QueuedEntry e : batch) {
            if (e.type == QueuedEntry.DATA) {
                return true;
            }
        }
        return false;
    }

    private void force() throws IOException {
        segment.force();
        durableSize = tree.size();
    }

    private void roll() throws IOException {
        if (segment.dirty()) {
            force();
        }
        segment.roll(tree.size());
    }

    /**
     * Signs a checkpoint over every record written, once they are fsync'd; the checkpointer may hand it to
     * its signer when {@code handOver}.
     */
    private void writeCheckpoint(boolean evenIfUnchanged, boolean handOver) throws IOException {
        if (segment.dirty()) {
            force();
        }
        checkpointer.write(tree, evenIfUnchanged, handOver);
    }

    private void stop(Throwable t, List<QueuedEntry> batch) {
        AuditException f = new AuditException("the audit log " + dir + " cannot record: " + ErrorText.describe(t), t);
        queue.fail(f);
        LOG.error("audit log {} stopped: {}", dir, ErrorText.describe(t));
        // No checkpoint may be written once the lock is released and another writer may open the log.
        checkpointer.stop();
        segment.closeQuietly();
        for (QueuedEntry e : batch) {
            if (e.state == 0) {
                e.fail(f);
            }
        }
        queue.failQueued();
        lock.release();
    }
}
