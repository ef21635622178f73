package dev.transferguard.audit.internal.verify;

import dev.transferguard.audit.internal.RecordHead;
import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import dev.transferguard.audit.internal.read.Chunk;
import dev.transferguard.audit.internal.read.ChunkReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The verifier's pass over the records: reads the segments in large chunks of whole lines and hands each
 * chunk to a worker thread, which reads the heads and hashes the lines, then gives the chunks back in log
 * order to a {@link Sink} on the calling thread. Hashing is most of the cost of verifying, and chunks are
 * independent, so this is what spreads over the cores.
 *
 * <p>Besides each line's leaf hash, a worker hashes every aligned group of {@value #BLOCK_LEAVES} leaves
 * that lies wholly in its chunk into the root of that perfect subtree, so that the caller's tree can take
 * the group in one step rather than leaf by leaf: the interior nodes are then hashed in parallel too.
 *
 * <p>A head is read by comparing it with the one the writer would have written after the line before,
 * which costs one comparison of bytes; any other head is read by {@link RecordHead#parseHead}, so that
 * what counts as a head is decided in one place.
 */
final class RecordScan {

    /** Flag: the line's head has the exact shape of this log's heads. */
    static final byte HEAD_OK = 1;
    /** Flag: the head's {@code prev} is the leaf hash of the line before; for a chunk's first line, see {@link Hashed#firstPrev}. */
    static final byte CHAIN_OK = 2;
    /** Flag: the line ends its file without a {@code '\n'}. */
    static final byte TORN = 4;
    /** Flag: the line is empty; empty lines do not count against the unsigned tail's bound. */
    static final byte EMPTY = 8;

    /** Height of the perfect subtrees that workers hash: 64 leaves. */
    static final int BLOCK_HEIGHT = 6;
    /** Leaves in such a subtree. */
    static final int BLOCK_LEAVES = 1 << BLOCK_HEIGHT;

    /** Chunk size by default: large enough that few groups of leaves straddle two chunks. */
    static final int DEFAULT_CHUNK_BYTES = 4 << 20;

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;

    /** Receives the chunks in log order. */
    interface Sink {
        /**
         * @param chunk a chunk whose lines are read and hashed; valid only during the call
         * @throws IOException to stop the scan
         */
        void accept(Hashed chunk) throws IOException;
    }

    /** Whole lines of one segment, and what a worker found in them. */
    static final class Hashed extends Chunk {
        long[] seqs = new long[256];
        byte[] flags = new byte[256];
        /** Leaf hashes, {@value Rfc6962Hasher#HASH_SIZE} bytes per line. */
        byte[] leaves = new byte[256 * HASH];
        /** The {@code prev} of the first line, when its head is of the right shape. */
        final byte[] firstPrev = new byte[HASH];
        /** Roots of the aligned groups of {@value #BLOCK_LEAVES} leaves wholly in the chunk, in order. */
        byte[] blockRoots = new byte[4 * HASH];
        /** The index in the chunk of the first line that starts such a group, or -1. */
        int firstBlockLine;
        /** How many such groups there are. */
        int blocks;

        Hashed(int bytes) {
            super(bytes);
        }
    }

    /** Chunks read ahead at most, whatever the thread count: each holds its buffer and per-line arrays. */
    private static final int MAX_IN_FLIGHT = 8;

    private final ChunkReader reader;
    private final int chunkBytes;
    private final byte[] headPrefix;
    private final int threads;

    /**
     * @param files      the segments, in order
     * @param headPrefix the log's head prefix, from {@link RecordHead#headPrefix}
     * @param chunkBytes how much to read at a time (a longer line gets a larger chunk)
     * @param threads    threads that hash, the calling thread included; with 1 it alone does everything
     */
    RecordScan(List<Path> files, byte[] headPrefix, int chunkBytes, int threads) {
        this.reader = new ChunkReader(files, chunkBytes);
        this.chunkBytes = reader.chunkBytes();
        this.headPrefix = headPrefix.clone();
        this.threads = Math.max(1, threads);
    }

    /**
     * Reads every line of every segment and gives the chunks, in order, to the sink.
     *
     * @param sink receives them on the calling thread
     * @throws IOException when a segment cannot be read, or the sink throws it
     */
    void run(Sink sink) throws IOException {
        if (threads == 1) {
            Worker worker = new Worker();
            Hashed spare = new Hashed(chunkBytes);
            reader.read(chunk -> {
                worker.process(chunk);
                sink.accept(chunk);
                return chunk;
            }, spare);
            return;
        }
        // This thread hashes too (see oldest), so the pool has one thread fewer than asked for.
        ExecutorService pool = Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "audit-verify-hash");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
        // Chunks read ahead: workers keep busy while this thread waits for its share of a busy machine.
        int inFlight = Math.min(4 * threads, MAX_IN_FLIGHT);
        ArrayDeque<FutureTask<Hashed>> pending = new ArrayDeque<>();
        ArrayDeque<Hashed> free = new ArrayDeque<>();
        try {
            reader.read(chunk -> {
                FutureTask<Hashed> task = new FutureTask<>(() -> {
                    workers.get().process(chunk);
                    return chunk;
                });
                pending.add(task);
                pool.execute(task);
                Hashed next = free.poll();
                if (pending.size() >= inFlight) {
                    Hashed done = oldest(pending);
                    sink.accept(done);
                    if (next == null) {
                        next = done;
                    } else {
                        free.add(done);
                    }
                }
                return next != null ? next : new Hashed(chunkBytes);
            }, new Hashed(chunkBytes));
            while (!pending.isEmpty()) {
                sink.accept(oldest(pending));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Removes and returns the oldest chunk once it is processed. Rather than wait, this thread processes the
     * chunks no worker has started yet, from the oldest on (a task runs only once: a worker that takes it
     * later finds it done), so that a loaded machine, where the workers may wait long for a core, still
     * makes progress on this one.
     */
    private static Hashed oldest(ArrayDeque<FutureTask<Hashed>> pending) throws IOException {
        FutureTask<Hashed> first = pending.peek();
        for (FutureTask<Hashed> t : pending) {
            if (first.isDone()) {
                break;
            }
            t.run();
        }
        return await(pending.poll());
    }

    private static Hashed await(Future<Hashed> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }

    /** The per-thread state of a worker: its hasher and scratch space. */
    private final class Worker {
        private final Rfc6962Hasher hasher = new Rfc6962Hasher();
        private final byte[] prev = new byte[HASH];
        /** What follows the seq in a linked head. */
        private final byte[] expected = RecordHead.linkScratch();
        private final CompactRange block = new CompactRange();

        void process(Hashed c) {
            int n = c.lines();
            if (c.seqs.length < n) {
                int size = Math.max(n, c.seqs.length * 2);
                c.seqs = new long[size];
                c.flags = new byte[size];
                c.leaves = new byte[size * HASH];
            }
            for (int i = 0; i < n; i++) {
                line(c, i);
            }
            hashBlocks(c);
        }

        /**
         * Reads and hashes line {@code i}. A method of its own, called per line, so that the JIT compiles it
         * once rather than also as part of the loop over a chunk (on-stack replacement): compiling is a good
         * part of a fresh JVM's work here.
         */
        private void line(Hashed c, int i) {
            byte[] b = c.buffer();
            int off = c.lineStart(i);
            int len = c.lineLength(i);
            byte f = 0;
            long seq = i > 0 ? RecordHead.linkedSeq(b, off, len, headPrefix, c.leaves, (i - 1) * HASH, expected) : -1;
            if (seq >= 0) {
                f = HEAD_OK | CHAIN_OK;
            } else {
                seq = RecordHead.parseHead(b, off, len, headPrefix, prev);
                if (seq >= 0) {
                    f = HEAD_OK;
                    if (i == 0) {
                        System.arraycopy(prev, 0, c.firstPrev, 0, HASH);
                    } else if (Arrays.equals(prev, 0, HASH, c.leaves, (i - 1) * HASH, i * HASH)) {
                        f |= CHAIN_OK;
                    }
                } else {
                    seq = RecordHead.looseSeq(b, off, len);
                }
            }
            if (i == c.lines() - 1 && c.tornLast()) {
                f |= TORN;
            }
            if (len == 0) {
                f |= EMPTY;
            }
            c.seqs[i] = seq;
            c.flags[i] = f;
            hasher.hashLeaf(b, off, len, c.leaves, i * HASH);
        }

        /** Hashes each aligned group of leaves that lies wholly in the chunk into its subtree's root. */
        private void hashBlocks(Hashed c) {
            long first = c.firstLine();
            long firstAligned = (first + BLOCK_LEAVES - 1) & -BLOCK_LEAVES;
            int firstIndex = (int) (firstAligned - first);
            int blocks = firstIndex >= c.lines() ? 0 : (c.lines() - firstIndex) / BLOCK_LEAVES;
            c.firstBlockLine = blocks == 0 ? -1 : firstIndex;
            c.blocks = blocks;
            if (c.blockRoots.length < blocks * HASH) {
                c.blockRoots = new byte[Math.max(blocks, 2 * c.blockRoots.length / HASH) * HASH];
            }
            for (int k = 0; k < blocks; k++) {
                block.reset();
                int from = (firstIndex + k * BLOCK_LEAVES) * HASH;
                for (int j = 0; j < BLOCK_LEAVES; j++) {
                    block.append(c.leaves, from + j * HASH);
                }
                block.rootInto(c.blockRoots, k * HASH);
            }
        }
    }
}
