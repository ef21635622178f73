package dev.transferguard.audit.internal;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifiedCheckpoint;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.read.LogReader;
import dev.transferguard.audit.internal.verify.LogVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's writer: one thread that owns the files, fed by a bounded queue.
 *
 * <p>Callers encode their record bodies on their own threads and queue them; the writer thread takes
 * everything queued at once (a batch), gives each record its sequence number's head and leaf hash, writes
 * the batch with one call and fsyncs it once (group commit), then wakes the callers that wait. Sequence
 * numbers are handed out when a record is queued, under the same lock that orders the queue, so the file
 * order is the sequence order. Checkpoints are signed by the same thread after the batch, so they only
 * ever cover records already fsync'd.
 *
 * <p>In {@code SYNC} mode the callers a batch releases come back with their next records while the writer
 * is already taking the next batch. Taking only what is queued at that moment would split the callers into
 * two alternating halves, each paying a whole fsync; so the writer waits, at most as long as its last fsync
 * took, for as many records as the last batch released plus those queued meanwhile.
 * A lone caller is never kept waiting: one record is all that is expected of it.
 *
 * <p>An {@code ASYNC} log signs and writes its periodic checkpoints on a second thread (the signer), so that
 * the writer goes on writing records during the checkpoint's four fsyncs; a checkpoint still covers only
 * records fsync'd before it was handed over, and at most one is in hand at a time, so they still come every
 * N records or T milliseconds. A failed checkpoint stops the log at the writer's next step. Checkpoints that
 * someone waits for (a requested one, the last one on close) and every checkpoint of a {@code SYNC} log,
 * whose appends wait anyway and should fail at once, are written by the writer itself.
 *
 * <p>When anything fails (a write, an fsync, a new segment), the writer stops for good: every record
 * waiting and every later one gets an {@link AuditException}. The file then ends, at worst, with a torn
 * line, which recovery cuts when the log is next opened; nothing acknowledged is touched.
 */
public final class LogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    /** How often an async log fsyncs at the least. */
    static final long ASYNC_FORCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_BATCH = 4096;
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest wait for a sync batch to fill up, however slow the disk. */
    private static final long MAX_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * Below this an fsync costs less than a timed park can be trusted to last (Linux lets a timer slip by
     * 50 us), so a sync batch does not wait to fill up.
     */
    private static final long MIN_GATHER_FORCE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final byte[] ZERO_HASH = new byte[RecordFormat.HASH];

    /**
     * What the writer needs; see {@link AuditLog.Builder}.
     *
     * @param dir               the log directory
     * @param origin            the origin, or {@code null} to take it from an existing log
     * @param keys              the signing keys, at least one
     * @param trusted           further keys whose checkpoints are accepted on open (earlier keys)
     * @param durability        when an append returns
     * @param checkpointRecords sign after this many records
     * @param checkpointNanos   or after this long since the oldest unsigned record
     * @param segmentBytes      start a new segment once one has this many bytes
     * @param queueCapacity     how many records may wait
     */
    public record Config(Path dir, String origin, List<SigningKey> keys, List<VerifierKey> trusted,
                         AuditLog.Durability durability, int checkpointRecords, long checkpointNanos,
                         long segmentBytes, int queueCapacity, FileChannels channels) {
        /** Copies the lists. */
        public Config {
            keys = List.copyOf(keys);
            trusted = List.copyOf(trusted);
            channels = channels == null ? FileChannels.DEFAULT : channels;
        }

        /**
         * A configuration on the real file system.
         *
         * @param dir               the log directory
         * @param origin            the origin, or {@code null}
         * @param keys              the signing keys
         * @param trusted           further trusted keys
         * @param durability        when an append returns
         * @param checkpointRecords sign after this many records
         * @param checkpointNanos   or after this long
         * @param segmentBytes      segment size
         * @param queueCapacity     queue size
         */
        public Config(Path dir, String origin, List<SigningKey> keys, List<VerifierKey> trusted,
                      AuditLog.Durability durability, int checkpointRecords, long checkpointNanos,
                      long segmentBytes, int queueCapacity) {
            this(dir, origin, keys, trusted, durability, checkpointRecords, checkpointNanos, segmentBytes,
                    queueCapacity, FileChannels.DEFAULT);
        }
    }

    /** A queued request: a record, or a flush, checkpoint or close. */
    public static final class Entry {
        static final int DATA = 0;
        static final int FLUSH = 1;
        static final int CHECKPOINT = 2;
        static final int CLOSE = 3;

        final int type;
        final byte[] body;
        final Thread waiter;
        long seq = -1;
        Checkpoint checkpoint;
        AuditException error;
        /** 0 pending, 1 done, 2 failed; written last, so the fields above are visible once it is read. */
        volatile int state;

        Entry(int type, byte[] body, Thread waiter) {
            this.type = type;
            this.body = body;
            this.waiter = waiter;
        }

        void complete() {
            state = 1;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }

        void fail(AuditException e) {
            error = e;
            state = 2;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }

        /** @return the record's sequence number (for records; -1 otherwise) */
        public long seq() {
            return seq;
        }

        /**
         * Waits until the writer has done what this entry asked: for a record, until it is durable.
         *
         * @return the record's sequence number
         * @throws AuditException when the log could not do it
         */
        public long await() {
            boolean interrupted = false;
            while (state == 0) {
                LockSupport.park(this);
                // An interrupt cannot undo a write in flight; wait for the truth and keep the interrupt.
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (state == 2) {
                // A new exception per caller, so that each carries its own stack trace.
                throw new AuditException(error.getMessage(), error.getCause());
            }
            return seq;
        }
    }

    private final Config config;
    private final Path dir;
    private final String origin;
    private final byte[] headPrefix;
    private final ArrayBlockingQueue<Entry> queue;
    private final ReentrantLock enqueueLock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread thread;

    /** Guarded by enqueueLock. */
    private long nextSeq;
    /** Guarded by enqueueLock. */
    private boolean closing;
    private volatile AuditException failure;
    private volatile long durableSize;
    private volatile Checkpoint latest;

    // Owned by the writer thread after the constructor.
    private FileChannel segment;
    private long segmentSize;
    private final CompactRange tree;
    private final byte[] prev = new byte[RecordFormat.HASH];
    private final Rfc6962Hasher hasher = new Rfc6962Hasher();
    private final LineBuffer out = new LineBuffer(1 << 16);
    private final byte[] leaf = new byte[RecordFormat.HASH];
    private long signedSize;
    private long oldestUnsignedNanos;
    private long lastForceNanos;
    private long lastForceDuration;
    /** How many records the next sync batch can expect: the callers the last one released, and those queued. */
    private int expected = 1;
    private boolean dirty;

    /** The signer of an async log's checkpoints, or {@code null}; what it is given and how it fares. */
    private final Thread signer;
    private final Object signLock = new Object();
    /** Guarded by signLock: the checkpoint handed over and not yet taken. */
    private Checkpoint toSign;
    /** Guarded by signLock: whether the signer is writing one. */
    private boolean signing;
    /** Guarded by signLock. */
    private boolean signerStopping;
    /** Guarded by signLock: why the signer could not write a checkpoint. */
    private Throwable signFailure;

    private LogWriter(Config config, FileChannel lockChannel, FileLock lock, Recovered recovered) throws IOException {
        this.config = config;
        this.dir = config.dir();
        this.origin = recovered.origin;
        this.headPrefix = RecordHead.headPrefix(origin);
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.tree = recovered.tree;
        System.arraycopy(recovered.prev, 0, prev, 0, prev.length);
        this.segment = recovered.segment;
        this.segmentSize = recovered.segmentSize;
        this.signedSize = recovered.checkpoint.treeSize();
        this.latest = recovered.checkpoint;
        this.oldestUnsignedNanos = System.nanoTime();
        if (recovered.cut != null) {
            Cut c = recovered.cut;
            LOG.warn("audit log {}: recovery cut {} bytes ({} lines, {}) from {} at offset {}", dir, c.bytes, c.lines,
                    c.reason, c.file, c.offset);
            writeBatch(List.of(new Entry(Entry.DATA, RecordFormat.recoveryBody(Instant.now(), c.file, c.offset,
                    c.bytes, c.lines, c.reason), null)), true);
        }
        if (tree.size() > signedSize || recovered.republish) {
            writeCheckpoint(true);
        }
        this.durableSize = tree.size();
        this.nextSeq = tree.size();
        this.lastForceNanos = System.nanoTime();
        this.thread = new Thread(this::run, "audit-log-writer " + dir.getFileName());
        thread.setDaemon(true);
        if (config.durability() == AuditLog.Durability.ASYNC) {
            signer = new Thread(this::sign, "audit-log-signer " + dir.getFileName());
            signer.setDaemon(true);
            signer.start();
        } else {
            signer = null;
        }
        thread.start();
    }

    /**
     * Opens a log, creating it when the directory holds none, and recovering it when it does.
     *
     * @param config the configuration
     * @return the running writer
     * @throws AuditException when the log cannot be created or opened, or does not verify
     */
    public static LogWriter open(Config config) {
        Path dir = config.dir();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(dir.resolve(LogFiles.CHECKPOINTS));
        } catch (IOException e) {
            throw new AuditException("cannot create the audit log directory " + dir + ": " + ErrorText.describe(e), e);
        }
        FileChannel lockChannel;
        FileLock lock;
        try {
            lockChannel = FileChannel.open(dir.resolve(LogFiles.LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AuditException("cannot open the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietly(lockChannel);
            throw new AuditException("the audit log " + dir + " is already open in this process");
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new AuditException("cannot lock the audit log " + dir + ": " + ErrorText.describe(e), e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new AuditException("the audit log " + dir + " is open in another process");
        }
        Recovered recovered = null;
        try {
            recovered = Recovery.run(config);
            return new LogWriter(config, lockChannel, lock, recovered);
        } catch (IOException e) {
            if (recovered != null) {
                closeQuietly(recovered.segment);
            }
            release(lock, lockChannel);
            throw new AuditException("cannot open the audit log " + dir + ": " + ErrorText.describe(e), e);
        } catch (RuntimeException e) {
            if (recovered != null) {
                closeQuietly(recovered.segment);
            }
            release(lock, lockChannel);
            throw e;
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
        return latest;
    }

    /** @return the failure that stopped the log, or {@code null} while it works */
    public AuditException failure() {
        return failure;
    }

    /**
     * Queues a record. In {@code SYNC} mode the caller should then {@link Entry#await()} it.
     *
     * @param body the record's body, from {@link RecordFormat#decisionBody}
     * @return the queued entry, with its sequence number
     * @throws AuditException when the log is closed or failed, or the wait for room was interrupted
     */
    public Entry submit(byte[] body) {
        boolean sync = config.durability() == AuditLog.Durability.SYNC;
        return enqueue(new Entry(Entry.DATA, body, sync ? Thread.currentThread() : null));
    }

    /**
     * Appends a record and, in {@code SYNC} mode, waits until it is durable.
     *
     * @param body the record's body
     * @return its sequence number
     * @throws AuditException when the log cannot record it
     */
    public long append(byte[] body) {
        Entry e = submit(body);
        return config.durability() == AuditLog.Durability.SYNC ? e.await() : e.seq;
    }

    /**
     * Waits until every record queued so far is durable.
     *
     * @throws AuditException when the log cannot
     */
    public void flush() {
        enqueue(new Entry(Entry.FLUSH, null, Thread.currentThread())).await();
    }

    /**
     * Signs a checkpoint over every record queued so far (none when nothing is new).
     *
     * @return the latest checkpoint
     * @throws AuditException when the log cannot
     */
    public Checkpoint checkpoint() {
        Entry e = enqueue(new Entry(Entry.CHECKPOINT, null, Thread.currentThread()));
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
        Entry e;
        enqueueLock.lock();
        try {
            if (closing || failure != null) {
                e = null;
            } else {
                e = new Entry(Entry.CLOSE, null, Thread.currentThread());
                putLocked(e);
                closing = true;
            }
        } finally {
            enqueueLock.unlock();
        }
        if (e != null) {
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

    private Entry enqueue(Entry e) {
        enqueueLock.lock();
        try {
            if (closing) {
                throw new AuditException("the audit log " + dir + " is closed");
            }
            checkFailure();
            if (e.type == Entry.DATA) {
                e.seq = nextSeq;
            }
            putLocked(e);
            if (e.type == Entry.DATA) {
                nextSeq++;
            }
            return e;
        } finally {
            enqueueLock.unlock();
        }
    }

    private void putLocked(Entry e) {
        try {
            while (!queue.offer(e, 20, TimeUnit.MILLISECONDS)) {
                // A full queue blocks rather than drops; but a writer that died will never make room.
                checkFailure();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while waiting for room in the queue of the audit log " + dir);
        }
    }

    private void checkFailure() {
        AuditException f = failure;
        if (f != null) {
            throw new AuditException(f.getMessage(), f.getCause());
        }
    }

    // ---- the writer thread ------------------------------------------------------------------------------

    private void run() {
        List<Entry> batch = new ArrayList<>();
        try {
            while (true) {
                Entry first = queue.poll(nextWakeUp(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    onIdle();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (config.durability() == AuditLog.Durability.SYNC) {
                    gather(batch);
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

    /**
     * Waits for the sync batch to reach the size expected of it, at most as long as the last fsync took
     * (and at most {@link #MAX_GATHER_NANOS}): a batch as large as the callers make it halves the fsyncs per
     * record of two alternating ones, and costs at most one more fsync's time. Where an fsync is cheaper than
     * {@link #MIN_GATHER_FORCE_NANOS} (a RAM disk, a fast SSD), nothing is waited for. A flush, checkpoint or
     * close request is never kept waiting.
     */
    private void gather(List<Entry> batch) throws InterruptedException {
        int want = Math.min(expected, MAX_BATCH);
        if (batch.size() >= want || lastForceDuration < MIN_GATHER_FORCE_NANOS || !onlyRecords(batch, 0)) {
            return;
        }
        long deadline = System.nanoTime() + Math.min(lastForceDuration, MAX_GATHER_NANOS);
        while (batch.size() < want) {
            long left = deadline - System.nanoTime();
            Entry e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                return;
            }
            int from = batch.size();
            batch.add(e);
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (!onlyRecords(batch, from)) {
                return;
            }
        }
    }

    private static boolean onlyRecords(List<Entry> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (batch.get(i).type != Entry.DATA) {
                return false;
            }
        }
        return true;
    }

    private long nextWakeUp() {
        long now = System.nanoTime();
        long wait = IDLE_WAIT_NANOS;
        if (dirty) {
            wait = Math.min(wait, lastForceNanos + ASYNC_FORCE_NANOS - now);
        }
        if (tree.size() > signedSize) {
            wait = Math.min(wait, oldestUnsignedNanos + config.checkpointNanos() - now);
        }
        return Math.max(wait, 0);
    }

    private void onIdle() throws IOException {
        checkSigner();
        long now = System.nanoTime();
        if (dirty && now - lastForceNanos >= ASYNC_FORCE_NANOS) {
            force();
        }
        if (checkpointDue(now)) {
            writeCheckpoint(false, true);
        }
    }

    private boolean checkpointDue(long now) {
        long unsigned = tree.size() - signedSize;
        return unsigned >= config.checkpointRecords()
                || unsigned > 0 && now - oldestUnsignedNanos >= config.checkpointNanos();
    }

    /** Writes one batch and answers its entries; returns whether the log is now closed. */
    private boolean process(List<Entry> batch) throws IOException {
        checkSigner();
        boolean sync = config.durability() == AuditLog.Durability.SYNC;
        boolean mustForce = false;
        boolean checkpointRequested = false;
        boolean close = false;
        for (Entry e : batch) {
            if (e.type == Entry.FLUSH) {
                mustForce = true;
            } else if (e.type == Entry.CHECKPOINT) {
                checkpointRequested = true;
            } else if (e.type == Entry.CLOSE) {
                close = true;
            }
        }
        boolean wrote = writeBatch(batch, sync || mustForce || close || checkpointRequested);
        if (!sync && dirty && System.nanoTime() - lastForceNanos >= ASYNC_FORCE_NANOS) {
            force();
        }
        int released = 0;
        for (Entry e : batch) {
            if (e.type == Entry.DATA || e.type == Entry.FLUSH) {
                e.complete();
                released += e.type == Entry.DATA && e.waiter != null ? 1 : 0;
            }
        }
        // Each caller released waits for one record at a time, so it comes back with at most one.
        expected = Math.max(1, released + queue.size());
        if (checkpointRequested || close) {
            writeCheckpoint(false, false);
        } else if (wrote && checkpointDue(System.nanoTime())) {
            writeCheckpoint(false, true);
        }
        for (Entry e : batch) {
            if (e.type == Entry.CHECKPOINT) {
                e.checkpoint = latest;
                e.complete();
            }
        }
        if (close) {
            stopSigner();
            checkSigner();
            segment.close();
            release(lock, lockChannel);
            for (Entry e : batch) {
                if (e.type == Entry.CLOSE) {
                    e.complete();
                }
            }
            return true;
        }
        return false;
    }

    /** Writes the records of a batch with one write call; returns whether there were any. */
    private boolean writeBatch(List<Entry> batch, boolean forceNow) throws IOException {
        if (segmentSize >= config.segmentBytes() && segmentSize > 0 && hasData(batch)) {
            roll();
        }
        out.reset();
        long before = tree.size();
        for (Entry e : batch) {
            if (e.type != Entry.DATA) {
                continue;
            }
            if (e.seq >= 0 && e.seq != tree.size()) {
                throw new IllegalStateException("record " + e.seq + " reached the writer at position " + tree.size());
            }
            e.seq = tree.size();
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
            if (before == signedSize) {
                oldestUnsignedNanos = System.nanoTime();
            }
            LogFiles.writeFully(segment, ByteBuffer.wrap(out.array(), 0, out.size()));
            segmentSize += out.size();
            dirty = true;
        }
        if (forceNow && dirty) {
            force();
        }
        if (out.array().length > (1 << 22)) {
            // One huge batch should not pin its buffer for the life of the log.
            out.truncate(0);
        }
        return wrote;
    }

    private static boolean hasData(List<Entry> batch) {
        for (Entry e : batch) {
            if (e.type == Entry.DATA) {
                return true;
            }
        }
        return false;
    }

    private void force() throws IOException {
        long start = System.nanoTime();
        segment.force(false);
        dirty = false;
        lastForceNanos = System.nanoTime();
        lastForceDuration = lastForceNanos - start;
        durableSize = tree.size();
    }

    private void roll() throws IOException {
        if (dirty) {
            force();
        }
        segment.close();
        Path next = dir.resolve(LogFiles.segmentName(tree.size()));
        segment = config.channels().open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentSize = 0;
        LogFiles.syncDirectory(dir, config.channels());
    }

    private void writeCheckpoint(boolean evenIfUnchanged) throws IOException {
        writeCheckpoint(evenIfUnchanged, false);
    }

    /**
     * Signs a checkpoint over every record written, once they are fsync'd; hands it to the signer when
     * {@code handOver} and the log has one, else writes it before returning.
     */
    private void writeCheckpoint(boolean evenIfUnchanged, boolean handOver) throws IOException {
        if (dirty) {
            force();
        }
        long size = tree.size();
        if (size == signedSize && !evenIfUnchanged) {
            return;
        }
        Checkpoint cp = new Checkpoint(origin, size, tree.root());
        if (signer != null && handOver) {
            synchronized (signLock) {
                awaitSignerIdle();
                toSign = cp;
                signLock.notifyAll();
            }
        } else {
            if (signer != null) {
                synchronized (signLock) {
                    awaitSignerIdle();
                }
            }
            publish(cp);
        }
        signedSize = size;
    }

    /** Writes a checkpoint's files and makes it the latest. */
    private void publish(Checkpoint cp) throws IOException {
        byte[] note = cp.sign(config.keys()).getBytes(StandardCharsets.UTF_8);
        // The kept copy first: the latest checkpoint must always be among the kept ones.
        Path kept = dir.resolve(LogFiles.CHECKPOINTS).resolve(LogFiles.keptName(cp.treeSize()));
        LogFiles.writeAtomically(kept, note, config.channels());
        LogFiles.writeAtomically(dir.resolve(LogFiles.CHECKPOINT), note, config.channels());
        latest = cp;
    }

    /** Waits, holding signLock, until the signer has nothing in hand; throws what it failed with. */
    private void awaitSignerIdle() throws IOException {
        boolean interrupted = false;
        while (toSign != null || signing) {
            try {
                signLock.wait();
            } catch (InterruptedException e) {
                // The checkpoint in hand is being written either way; wait for it and keep the interrupt.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        throwSignFailure();
    }

    /** Throws what the signer failed with, if it did. */
    private void checkSigner() throws IOException {
        if (signer != null) {
            synchronized (signLock) {
                throwSignFailure();
            }
        }
    }

    private void throwSignFailure() throws IOException {
        Throwable t = signFailure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IOException(t);
        }
    }

    /** The signer thread: writes each checkpoint handed over, until stopped or failed. */
    private void sign() {
        while (true) {
            Checkpoint cp;
            synchronized (signLock) {
                while (toSign == null && !signerStopping) {
                    try {
                        signLock.wait();
                    } catch (InterruptedException e) {
                        // Only stopSigner ends this thread, so that a checkpoint in hand is never dropped.
                    }
                }
                if (toSign == null) {
                    return;
                }
                cp = toSign;
                toSign = null;
                signing = true;
            }
            Throwable failed = null;
            try {
                publish(cp);
            } catch (Throwable t) {
                failed = t;
            }
            synchronized (signLock) {
                signing = false;
                if (failed != null && signFailure == null) {
                    signFailure = failed;
                }
                signLock.notifyAll();
                if (failed != null) {
                    return;
                }
            }
        }
    }

    /** Lets the signer finish the checkpoint in hand, then ends it; nothing is written after this. */
    private void stopSigner() {
        if (signer == null) {
            return;
        }
        synchronized (signLock) {
            signerStopping = true;
            signLock.notifyAll();
        }
        boolean interrupted = false;
        while (signer.isAlive()) {
            try {
                signer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(Throwable t, List<Entry> batch) {
        AuditException f = new AuditException("the audit log " + dir + " cannot record: " + ErrorText.describe(t), t);
        failure = f;
        LOG.error("audit log {} stopped: {}", dir, ErrorText.describe(t));
        // No checkpoint may be written once the lock is released and another writer may open the log.
        stopSigner();
        closeQuietly(segment);
        for (Entry e : batch) {
            if (e.state == 0) {
                e.fail(f);
            }
        }
        enqueueLock.lock();
        try {
            Entry e;
            while ((e = queue.poll()) != null) {
                e.fail(f);
            }
        } finally {
            enqueueLock.unlock();
        }
        release(lock, lockChannel);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one to report.
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }

    // ---- recovery ---------------------------------------------------------------------------------------

    /** What recovery cut. */
    record Cut(String file, long offset, long bytes, long lines, String reason) {
    }

    /** The state of a log after recovery, ready to append to. */
    static final class Recovered {
        String origin;
        Checkpoint checkpoint;
        boolean republish;
        CompactRange tree = new CompactRange();
        byte[] prev = ZERO_HASH.clone();
        FileChannel segment;
        long segmentSize;
        Cut cut;
    }

    /** Opening an existing log: verify the signed part, cut a bad tail. */
    static final class Recovery {

        private Recovery() {
        }

        static Recovered run(Config config) throws IOException {
            Path dir = config.dir();
            Set<VerifierKey> trust = new LinkedHashSet<>();
            config.keys().forEach(k -> trust.add(k.verifierKey()));
            trust.addAll(config.trusted());
            List<Path> segments = LogFiles.segments(dir);
            List<Path> kept = LogFiles.keptCheckpoints(dir);
            byte[] note = LogFiles.readCheckpoint(dir.resolve(LogFiles.CHECKPOINT));
            Recovered r = new Recovered();
            if (note == null && kept.isEmpty()) {
                for (Path s : segments) {
                    if (Files.size(s) > 0) {
                        throw new AuditException("the audit log " + dir + " holds records but no checkpoint;"
                                + " it is incomplete or was tampered with, so it is not opened");
                    }
                }
                if (config.origin() == null) {
                    throw new AuditException("a new audit log in " + dir + " needs an origin name");
                }
                r.origin = config.origin();
                r.republish = true;
                r.checkpoint = new Checkpoint(r.origin, 0, Rfc6962Hasher.emptyRoot());
                return openSegment(dir, segments, r, config.channels());
            }
            VerifiedCheckpoint main = note == null ? null : verify(dir, LogFiles.CHECKPOINT, note, trust);
            Path newestKept = kept.isEmpty() ? null : kept.get(kept.size() - 1);
            VerifiedCheckpoint start = main;
            if (newestKept != null && (main == null
                    || !newestKept.getFileName().toString().equals(LogFiles.keptName(main.checkpoint().treeSize())))) {
                byte[] keptNote = LogFiles.readCheckpoint(newestKept);
                VerifiedCheckpoint k = verify(dir, LogFiles.CHECKPOINTS + "/" + newestKept.getFileName(), keptNote,
                        trust);
                if (main == null || k.checkpoint().treeSize() > main.checkpoint().treeSize()) {
                    // A crash between writing the kept copy and replacing the latest: finish the job.
                    start = k;
                    r.republish = true;
                }
            }
            Checkpoint cp = start.checkpoint();
            if (config.origin() != null && !config.origin().equals(cp.origin())) {
                throw new AuditException("the audit log " + dir + " has the origin '" + cp.origin() + "', not '"
                        + config.origin() + "'");
            }
            r.origin = cp.origin();
            r.checkpoint = cp;
            scan(dir, segments, cp, r, trust);
            return openSegment(dir, LogFiles.segments(dir), r, config.channels());
        }

        private static VerifiedCheckpoint verify(Path dir, String name, byte[] note, Set<VerifierKey> trust) {
            try {
                return Checkpoint.verify(note, trust);
            } catch (CheckpointException e) {
                throw new AuditException("the audit log " + dir + " is not opened: its " + name
                        + " does not verify with the configured keys: " + e.getMessage());
            }
        }

        private static void scan(Path dir, List<Path> segments, Checkpoint cp, Recovered r, Set<VerifierKey> trust)
                throws IOException {
            long signed = cp.treeSize();
            byte[] headPrefix = RecordHead.headPrefix(cp.origin());
            byte[] prevField = new byte[RecordFormat.HASH];
            byte[] leaf = new byte[RecordFormat.HASH];
            Rfc6962Hasher hasher = new Rfc6962Hasher();
            CompactRange tree = r.tree;
            if (signed == 0 && !MessageDigest.isEqual(cp.rootHash(), Rfc6962Hasher.emptyRoot())) {
                throw refuse(dir, trust, "its checkpoint of size 0 has a root other than the empty tree's");
            }
            try (LogReader lines = new LogReader(segments)) {
                while (lines.next()) {
                    long index = tree.size();
                    byte[] b = lines.buffer();
                    if (index < signed) {
                        if (lines.torn()) {
                            throw refuse(dir, trust, "a record inside the signed range is torn");
                        }
                        hasher.hashLeaf(b, lines.offset(), lines.length(), leaf, 0);
                        tree.append(leaf, 0);
                        System.arraycopy(leaf, 0, r.prev, 0, leaf.length);
                        if (tree.size() == signed && !MessageDigest.isEqual(tree.root(), cp.rootHash())) {
                            throw refuse(dir, trust, "its records do not give the root of its checkpoint");
                        }
                        continue;
                    }
                    String reason = null;
                    if (lines.torn()) {
                        reason = "torn";
                    } else {
                        long seq = RecordHead.parseHead(b, lines.offset(), lines.length(), headPrefix, prevField);
                        // After a power loss a line can end in blocks that never reached the disk (zeros):
                        // the tail is short, so every line of it is parsed in full.
                        if (seq < 0 || RecordHead.objectShape(b, lines.offset(), lines.length()) != 0) {
                            reason = "not-a-record";
                        } else if (seq != index || !MessageDigest.isEqual(prevField, r.prev)) {
                            reason = "out-of-sequence";
                        }
                    }
                    if (reason != null) {
                        r.cut = cut(dir, segments, lines, reason);
                        break;
                    }
                    hasher.hashLeaf(b, lines.offset(), lines.length(), leaf, 0);
                    tree.append(leaf, 0);
                    System.arraycopy(leaf, 0, r.prev, 0, leaf.length);
                }
            }
            if (tree.size() < signed) {
                throw refuse(dir, trust, "it holds " + tree.size() + " records, fewer than the " + signed
                        + " its checkpoint signs");
            }
        }

        /** Cuts the log at the current line: that file from the line on, and every later file. */
        private static Cut cut(Path dir, List<Path> segments, LogReader lines, String reason) throws IOException {
            int fileIndex = lines.fileIndex();
            Path file = lines.file();
            long offset = lines.byteOffset();
            long count = 1;
            while (lines.next()) {
                count++;
            }
            long bytes = Files.size(file) - offset;
            for (int i = fileIndex + 1; i < segments.size(); i++) {
                bytes += Files.size(segments.get(i));
            }
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(offset);
                c.force(true);
            }
            for (int i = fileIndex + 1; i < segments.size(); i++) {
                Files.delete(segments.get(i));
            }
            LogFiles.syncDirectory(dir);
            return new Cut(file.getFileName().toString(), offset, bytes, count, reason);
        }

        private static AuditException refuse(Path dir, Set<VerifierKey> trust, String what) {
            String fault;
            try {
                AuditVerification v = LogVerifier.verify(dir, trust, null, null);
                fault = v.intact() ? "" : "; the first fault: " + v.fault();
            } catch (AuditException e) {
                fault = "";
            }
            return new AuditException("the audit log " + dir + " is not opened: " + what + fault);
        }

        private static Recovered openSegment(Path dir, List<Path> segments, Recovered r, FileChannels channels)
                throws IOException {
            Path last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            String expected = LogFiles.segmentName(r.tree.size());
            if (last != null && Files.size(last) == 0 && !last.getFileName().toString().equals(expected)) {
                // An empty segment holds nothing; one named for another record would mislead readers.
                Files.delete(last);
                last = null;
            }
            if (last == null) {
                last = dir.resolve(expected);
                r.segment = channels.open(last, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                LogFiles.syncDirectory(dir, channels);
            } else {
                r.segment = channels.open(last, StandardOpenOption.WRITE);
            }
            r.segmentSize = r.segment.size();
            r.segment.position(r.segmentSize);
            return r;
        }
    }
}
