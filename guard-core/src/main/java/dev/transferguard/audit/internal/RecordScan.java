package dev.transferguard.audit.internal;

import dev.transferguard.audit.internal.merkle.CompactRange;
import dev.transferguard.audit.internal.merkle.Rfc6962Hasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** Flag: the head's {@code prev} is the leaf hash of the line before; for a chunk's first line, see {@link Chunk#firstPrev}. */
    static final byte CHAIN_OK = 2;
    /** Flag: the line ends its file without a {@code '\n'}. */
    static final byte TORN = 4;

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
        void accept(Chunk chunk) throws IOException;
    }

    /** Whole lines of one segment, and what a worker found in them. */
    static final class Chunk {
        /** The segment's index in the list scanned. */
        int file;
        /** The index over all segments of the first line. */
        long firstLine;
        byte[] buf;
        /** Bytes in {@link #buf}. */
        int length;
        /** Lines in the chunk. */
        int lines;
        /** Where each line starts in {@link #buf}; the line ends at the next start less one (its newline). */
        int[] starts = new int[256];
        /** Whether the last line ends its file without a newline. */
        boolean tornLast;

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

        Chunk(int bytes) {
            buf = new byte[bytes];
        }

        /** @return the length of line {@code i}, without its newline */
        int lineLength(int i) {
            int end = i + 1 < lines ? starts[i + 1] - 1 : tornLast ? length : length - 1;
            return end - starts[i];
        }

        private void addLine(int start) {
            if (lines == starts.length) {
                starts = Arrays.copyOf(starts, lines * 2);
            }
            starts[lines++] = start;
        }
    }

    /**
     * A record is well over this many bytes, so only a log of unusually short lines (garbage, or an attack on
     * the verifier) fills a chunk's line count before its bytes; the count keeps such a chunk's per-line arrays
     * (45 bytes a line) as small as its buffer.
     */
    private static final int MIN_BYTES_PER_LINE = 64;
    /** Chunks read ahead at most, whatever the thread count: each holds its buffer and per-line arrays. */
    private static final int MAX_IN_FLIGHT = 8;

    private final List<Path> files;
    private final byte[] headPrefix;
    private final int chunkBytes;
    private final int maxLines;
    private final int threads;

    /**
     * @param files      the segments, in order
     * @param headPrefix the log's head prefix, from {@link RecordHead#headPrefix}
     * @param chunkBytes how much to read at a time (a longer line gets a larger chunk)
     * @param threads    threads that hash, the calling thread included; with 1 it alone does everything
     */
    RecordScan(List<Path> files, byte[] headPrefix, int chunkBytes, int threads) {
        this.files = List.copyOf(files);
        this.headPrefix = headPrefix.clone();
        this.chunkBytes = Math.max(16, chunkBytes);
        this.maxLines = Math.max(2, this.chunkBytes / MIN_BYTES_PER_LINE);
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
            Chunk spare = new Chunk(chunkBytes);
            read(chunk -> {
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
        ArrayDeque<FutureTask<Chunk>> pending = new ArrayDeque<>();
        ArrayDeque<Chunk> free = new ArrayDeque<>();
        try {
            read(chunk -> {
                FutureTask<Chunk> task = new FutureTask<>(() -> {
                    workers.get().process(chunk);
                    return chunk;
                });
                pending.add(task);
                pool.execute(task);
                Chunk next = free.poll();
                if (pending.size() >= inFlight) {
                    Chunk done = oldest(pending);
                    sink.accept(done);
                    if (next == null) {
                        next = done;
                    } else {
                        free.add(done);
                    }
                }
                return next != null ? next : new Chunk(chunkBytes);
            }, new Chunk(chunkBytes));
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
    private static Chunk oldest(ArrayDeque<FutureTask<Chunk>> pending) throws IOException {
        FutureTask<Chunk> first = pending.peek();
        for (FutureTask<Chunk> t : pending) {
            if (first.isDone()) {
                break;
            }
            t.run();
        }
        return await(pending.poll());
    }

    private static Chunk await(Future<Chunk> f) throws IOException {
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

    /** Takes a filled chunk and returns an empty one to fill next (possibly the same, once it is consumed). */
    private interface Handoff {
        Chunk next(Chunk filled) throws IOException;
    }

    /** Fills chunks with whole lines, file by file, and hands each over. */
    private void read(Handoff handoff, Chunk first) throws IOException {
        Chunk chunk = first;
        long line = 0;
        byte[] carry = new byte[0];
        for (int f = 0; f < files.size(); f++) {
            try (FileChannel channel = FileChannel.open(files.get(f), StandardOpenOption.READ)) {
                int carried = 0;
                // Whether the bytes carried over may hold whole lines: the last chunk stopped at its line count.
                boolean carriedLines = false;
                boolean eof = false;
                while (!eof || carried > 0) {
                    chunk.file = f;
                    chunk.firstLine = line;
                    chunk.lines = 0;
                    chunk.tornLast = false;
                    if (chunk.buf.length < Math.max(chunkBytes, carried + 1)) {
                        chunk.buf = new byte[Math.max(chunkBytes, 2 * carried)];
                    }
                    System.arraycopy(carry, 0, chunk.buf, 0, carried);
                    int length = carried;
                    // Unless the last chunk was full of lines, the bytes carried over hold no newline: they are
                    // what followed the last one.
                    int scanFrom = carriedLines ? 0 : carried;
                    int lastNewline = -1;
                    while (true) {
                        length = eof ? length : fill(channel, chunk.buf, length);
                        eof = eof || length < chunk.buf.length;
                        lastNewline = splitLines(chunk, scanFrom, length, maxLines);
                        if (lastNewline >= 0 || eof) {
                            break;
                        }
                        // One line longer than the chunk: read on into a larger buffer.
                        scanFrom = length;
                        chunk.buf = Arrays.copyOf(chunk.buf, chunk.buf.length * 2);
                    }
                    int rest = length - (lastNewline + 1);
                    carriedLines = chunk.lines == maxLines;
                    if (eof && rest > 0 && !carriedLines) {
                        chunk.addLine(lastNewline + 1);
                        chunk.tornLast = true;
                        rest = 0;
                    }
                    if (carry.length < rest) {
                        carry = new byte[Math.max(rest, chunkBytes)];
                    }
                    System.arraycopy(chunk.buf, length - rest, carry, 0, rest);
                    carried = rest;
                    chunk.length = length - rest;
                    if (chunk.lines > 0) {
                        line += chunk.lines;
                        chunk = handoff.next(chunk);
                    }
                }
            }
        }
    }

    /** Reads until the buffer is full or the file ends. */
    private static int fill(FileChannel channel, byte[] buf, int from) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buf, from, buf.length - from);
        while (target.hasRemaining()) {
            if (channel.read(target) < 0) {
                break;
            }
        }
        return target.position();
    }

    /**
     * Records the starts of the lines that end in {@code buf[from, to)} (a line starts the buffer or follows
     * a newline), until the chunk holds {@code maxLines}.
     *
     * @return the index of the newline that ends the chunk's last line so far, or -1
     */
    private static int splitLines(Chunk chunk, int from, int to, int maxLines) {
        byte[] buf = chunk.buf;
        int last = chunk.lines == 0 ? -1 : chunk.starts[chunk.lines - 1] - 1;
        int at = from;
        while (chunk.lines < maxLines) {
            int nl = LineScanner.indexOfNewline(buf, at, to);
            if (nl < 0) {
                return last;
            }
            chunk.addLine(last + 1);
            last = nl;
            at = nl + 1;
        }
        return last;
    }

    /** The per-thread state of a worker: its hasher and scratch space. */
    private final class Worker {
        private final Rfc6962Hasher hasher = new Rfc6962Hasher();
        private final byte[] prev = new byte[HASH];
        /** What follows the seq in a linked head. */
        private final byte[] expected = RecordHead.linkScratch();
        private final CompactRange block = new CompactRange();

        void process(Chunk c) {
            int n = c.lines;
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
        private void line(Chunk c, int i) {
            byte[] b = c.buf;
            int off = c.starts[i];
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
            if (i == c.lines - 1 && c.tornLast) {
                f |= TORN;
            }
            c.seqs[i] = seq;
            c.flags[i] = f;
            hasher.hashLeaf(b, off, len, c.leaves, i * HASH);
        }

        /** Hashes each aligned group of leaves that lies wholly in the chunk into its subtree's root. */
        private void hashBlocks(Chunk c) {
            long first = c.firstLine;
            long firstAligned = (first + BLOCK_LEAVES - 1) & -BLOCK_LEAVES;
            int firstIndex = (int) (firstAligned - first);
            int blocks = firstIndex >= c.lines ? 0 : (c.lines - firstIndex) / BLOCK_LEAVES;
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
