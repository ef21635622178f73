package dev.transferguard.audit.internal.read;

import java.util.Arrays;

/**
 * Whole lines of one segment, as {@link ChunkReader} reads them. A chunk is refilled again and again, so
 * that reading a large log allocates a few buffers rather than one per line; a reader that works on the
 * lines extends it with what it finds in them.
 */
public class Chunk {

    int file;
    long firstLine;
    byte[] buf;
    int length;
    int lines;
    /** Where each line starts in {@link #buf}; the line ends at the next start less one (its newline). */
    int[] starts = new int[256];
    boolean tornLast;

    /**
     * Creates an empty chunk.
     *
     * @param bytes the size of its buffer to begin with
     */
    public Chunk(int bytes) {
        buf = new byte[bytes];
    }

    /** @return the index, in the list of segments read, of the chunk's segment */
    public final int file() {
        return file;
    }

    /** @return the index over all segments of the chunk's first line */
    public final long firstLine() {
        return firstLine;
    }

    /** @return the buffer that holds the lines; valid until the chunk is handed back */
    public final byte[] buffer() {
        return buf;
    }

    /** @return how many lines the chunk holds, at least one */
    public final int lines() {
        return lines;
    }

    /**
     * @param i a line of the chunk
     * @return where it starts in {@link #buffer()}
     */
    public final int lineStart(int i) {
        return starts[i];
    }

    /**
     * @param i a line of the chunk
     * @return its length, without its newline
     */
    public final int lineLength(int i) {
        int end = i + 1 < lines ? starts[i + 1] - 1 : tornLast ? length : length - 1;
        return end - starts[i];
    }

    /** @return whether the last line ends its file without a newline */
    public final boolean tornLast() {
        return tornLast;
    }

    final void addLine(int start) {
        if (lines == starts.length) {
            starts = Arrays.copyOf(starts, lines * 2);
        }
        starts[lines++] = start;
    }
}
