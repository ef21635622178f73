package dev.transferguard.audit.internal.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import dev.transferguard.audit.internal.LogFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The batch form of {@link LogReader}, for the verifier: reads the same segments, in the same order, in
 * large chunks of whole lines, so that the lines of a chunk can be worked on by another thread while the
 * next is read. A last line of a file without its {@code '\n'} is marked torn, as {@link LogReader} does,
 * and a line longer than {@link LogFiles#MAX_LINE_BYTES} is cut there, as it does, the rest of it skipped
 * unread into memory.
 */
public final class ChunkReader {

    /**
     * A record is well over this many bytes, so only a log of unusually short lines (garbage, or an attack on
     * the verifier) fills a chunk's line count before its bytes; the count keeps such a chunk's per-line arrays
     * as small as its buffer.
     */
    private static final int MIN_BYTES_PER_LINE = 64;

    /** The most one read call asks for. */
    private static final int READ_PIECE = 256 << 10;

    private final List<Path> files;
    private final int chunkBytes;
    private final int maxLines;
    private final int maxLine;
    private byte[] window;

    /**
     * @param files      the segments, in order
     * @param chunkBytes how much to read at a time (a longer line gets a larger chunk)
     */
    public ChunkReader(List<Path> files, int chunkBytes) {
        this(files, chunkBytes, LogFiles.MAX_LINE_BYTES);
    }

    /**
     * @param files      the segments, in order
     * @param chunkBytes how much to read at a time (a longer line gets a larger chunk)
     * @param maxLine    the longest line read whole; tests make it small
     */
    public ChunkReader(List<Path> files, int chunkBytes, int maxLine) {
        this.files = List.copyOf(files);
        this.chunkBytes = Math.max(16, chunkBytes);
        this.maxLines = Math.max(2, this.chunkBytes / MIN_BYTES_PER_LINE);
        this.maxLine = maxLine;
    }

    /** @return how much is read at a time */
    public int chunkBytes() {
        return chunkBytes;
    }

    /**
     * Takes a filled chunk and returns an empty one to fill next (possibly the same, once it is consumed).
     *
     * @param <C> the kind of chunk
     */
    public interface Handoff<C extends Chunk> {
        /**
         * @param filled a chunk of whole lines
         * @return the chunk to fill next
         * @throws IOException to stop reading
         */
        C next(C filled) throws IOException;
    }

    /**
     * Fills chunks with whole lines, file by file, and hands each over.
     *
     * @param handoff takes each chunk filled and gives the next to fill
     * @param first   the chunk to fill first
     * @param <C>     the kind of chunk
     * @throws IOException when a segment cannot be read, or the handoff throws it
     */
    public <C extends Chunk> void read(Handoff<C> handoff, C first) throws IOException {
        C chunk = first;
        long line = 0;
        byte[] carry = new byte[0];
        for (int f = 0; f < files.size(); f++) {
            try (FileChannel channel = LogFiles.openForReading(files.get(f))) {
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
                    boolean tooLong = false;
                    while (true) {
                        length = eof ? length : fill(channel, chunk.buf, length);
                        eof = eof || length < chunk.buf.length;
                        lastNewline = splitLines(chunk, scanFrom, length, maxLines);
                        if (lastNewline >= 0) {
                            break;
                        }
                        tooLong = length > maxLine;
                        if (tooLong || eof) {
                            break;
                        }
                        // One line longer than the chunk: read on into a larger buffer, up to the limit.
                        scanFrom = length;
                        chunk.buf = Arrays.copyOf(chunk.buf, (int) Math.min(chunk.buf.length * 2L, maxLine + 1L));
                    }
                    if (tooLong) {
                        carry = skipLongLine(channel, chunk);
                        carried = carry.length;
                        eof = chunk.tornLast;
                        carriedLines = true;
                        line += 1;
                        chunk = handoff.next(chunk);
                        continue;
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

    /**
     * Makes the chunk's one line the first {@code maxLine} bytes of a line longer than that, and reads past the
     * rest of it through a small window up to its newline.
     *
     * @return the bytes read after the newline, which start the next line
     */
    private byte[] skipLongLine(FileChannel channel, Chunk chunk) throws IOException {
        if (window == null) {
            window = new byte[1 << 16];
        }
        chunk.lines = 0;
        chunk.addLine(0);
        while (true) {
            int n = channel.read(ByteBuffer.wrap(window));
            if (n < 0) {
                chunk.length = maxLine;
                chunk.tornLast = true;
                return new byte[0];
            }
            int nl = LogReader.indexOfNewline(window, 0, n);
            if (nl >= 0) {
                chunk.buf[maxLine] = '\n';
                chunk.length = maxLine + 1;
                chunk.tornLast = false;
                return Arrays.copyOfRange(window, nl + 1, n);
            }
        }
    }

    /**
     * Reads until the buffer is full or the file ends, {@value #READ_PIECE} bytes a call at most: the JDK reads
     * into a direct buffer of the call's size and copies from it, and a piece that fits the processor's cache
     * is copied from the cache (a fifth less CPU for reading a large log than with one call per chunk).
     */
    private static int fill(FileChannel channel, byte[] buf, int from) throws IOException {
        int at = from;
        while (at < buf.length) {
            int n = channel.read(ByteBuffer.wrap(buf, at, Math.min(READ_PIECE, buf.length - at)));
            if (n < 0) {
                break;
            }
            at += n;
        }
        return at;
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
            int nl = LogReader.indexOfNewline(buf, at, to);
            if (nl < 0) {
                return last;
            }
            chunk.addLine(last + 1);
            last = nl;
            at = nl + 1;
        }
        return last;
    }

}
