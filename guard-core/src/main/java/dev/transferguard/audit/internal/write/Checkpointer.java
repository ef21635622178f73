package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.internal.FileChannels;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.merkle.CompactRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Signs the log's checkpoints: every N records or T milliseconds after the oldest unsigned record, when idle
 * (the heartbeat that bounds an unsigned tail in time), on request and on close. It is told only about
 * records already fsync'd, so a checkpoint never covers a record that a crash could take back.
 *
 * <p>An {@code ASYNC} log signs and writes its periodic checkpoints on a thread of their own (the signer), so
 * that the writer goes on writing records during the checkpoint's four fsyncs; at most one is in hand at a
 * time, so they still come every N records or T milliseconds. A failed checkpoint stops the log at the
 * writer's next step ({@link #check()}). Checkpoints someone waits for (a requested one, the last one on
 * close) and every checkpoint of a {@code SYNC} log, whose appends wait anyway and should fail at once, are
 * written on the writer's thread.
 *
 * <p>Everything but {@link #latest()} is called from the writer's thread only.
 */
final class Checkpointer {

    private final Path dir;
    private final String origin;
    private final List<SigningKey> keys;
    private final FileChannels channels;
    private final int everyRecords;
    private final long everyNanos;

    private volatile Checkpoint latest;
    /** Told each checkpoint's signed note once its files are durable; witnesses are asked from there. */
    private volatile java.util.function.Consumer<byte[]> published = note -> { };
    private long signedSize;
    private long oldestUnsignedNanos = System.nanoTime();

    /** The signer of an async log's checkpoints, or {@code null}; what it is given and how it fares. */
    private Thread signer;
    private final Object signLock = new Object();
    /** Guarded by signLock: the checkpoint handed over and not yet taken. */
    private Checkpoint toSign;
    /** Guarded by signLock: whether the signer is writing one. */
    private boolean signing;
    /** Guarded by signLock. */
    private boolean signerStopping;
    /** Guarded by signLock: why the signer could not write a checkpoint. */
    private Throwable signFailure;

    /**
     * @param config the log's configuration
     * @param origin the log's origin
     * @param start  the checkpoint recovery started from, the latest so far
     */
    Checkpointer(LogConfig config, String origin, Checkpoint start) {
        this.dir = config.dir();
        this.origin = origin;
        this.keys = config.keys();
        this.channels = config.channels();
        this.everyRecords = config.checkpointRecords();
        this.everyNanos = config.checkpointNanos();
        this.latest = start;
        this.signedSize = start.treeSize();
    }

    /** Starts the signer thread: from now on, checkpoints handed over are written there. */
    void startSigner() {
        signer = new Thread(this::sign, "audit-log-signer " + dir.getFileName());
        signer.setDaemon(true);
        signer.start();
    }

    /** @return the latest checkpoint written */
    Checkpoint latest() {
        return latest;
    }

    /**
     * Notes that records were written after {@code before} records: the first unsigned one starts the clock.
     *
     * @param before how many records there were before the write
     */
    void written(long before) {
        if (before == signedSize) {
            oldestUnsignedNanos = System.nanoTime();
        }
    }

    /**
     * @param size how many records are written
     * @param now  the time, in {@link System#nanoTime()}
     * @return whether a checkpoint is due: N records, or T since the oldest unsigned one
     */
    boolean due(long size, long now) {
        long unsigned = size - signedSize;
        return unsigned >= everyRecords || unsigned > 0 && now - oldestUnsignedNanos >= everyNanos;
    }

    /**
     * @param size how many records are written
     * @param now  the time, in {@link System#nanoTime()}
     * @return how long until a checkpoint falls due by time; {@link Long#MAX_VALUE} when nothing is unsigned
     */
    long untilDue(long size, long now) {
        return size > signedSize ? oldestUnsignedNanos + everyNanos - now : Long.MAX_VALUE;
    }

    /**
     * Signs a checkpoint over the tree, whose records are all fsync'd; hands it to the signer when
     * {@code handOver} and the log has one, else writes it before returning.
     *
     * @param tree            the records written
     * @param evenIfUnchanged sign even when the tree has not grown since the last checkpoint
     * @param handOver        whether the signer may write it
     * @throws IOException when it cannot be written, or the signer failed before
     */
    void write(CompactRange tree, boolean evenIfUnchanged, boolean handOver) throws IOException {
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
        byte[] note = cp.sign(keys).getBytes(StandardCharsets.UTF_8);
        // The kept copy first: the latest checkpoint must always be among the kept ones.
        Path kept = dir.resolve(LogFiles.CHECKPOINTS).resolve(LogFiles.keptName(cp.treeSize()));
        LogFiles.writeAtomically(kept, note, channels);
        LogFiles.writeAtomically(dir.resolve(LogFiles.CHECKPOINT), note, channels);
        latest = cp;
        published.accept(note);
    }

    /**
     * Sets who is told of each checkpoint written from now on. It must return at once: it runs on the
     * writer's or the signer's thread.
     *
     * @param listener receives the signed note
     */
    void onPublished(java.util.function.Consumer<byte[]> listener) {
        this.published = listener;
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

    /**
     * Throws what the signer failed with, if it did.
     *
     * @throws IOException the signer's failure
     */
    void check() throws IOException {
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
                        // Only stop ends this thread, so that a checkpoint in hand is never dropped.
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
    void stop() {
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
}
