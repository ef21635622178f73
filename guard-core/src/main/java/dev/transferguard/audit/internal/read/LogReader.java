package dev.transferguard.audit.internal.read;

import dev.transferguard.audit.internal.LogFiles;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one reader of a log's records: streams the lines of the record segments, in order, without decoding
 * them. Each line is a slice of a reused buffer, so reading a large log allocates almost nothing. A last line
 * of a file without its {@code '\n'} is reported as torn. Recovery, the proofs, {@code AuditReader} and
 * the verifier's look at a fault's neighbourhood read through it; the verifier's parallel pass reads the
 * same files in chunks through {@link ChunkReader}, which shares its search for newlines.
 *
 * <p>A line longer than {@link LogFiles#MAX_LINE_BYTES} is never buffered whole: it is returned as its first
 * that many bytes, marked {@link #tooLong()}, and the rest of it is skipped. Empty lines cost nothing but
 * the search for their newline.
 *
 * <p>Not thread-safe.
 */
public final class LogReader implements Closeable {

    private static final int MAX_INITIAL_BUFFER = 1 << 20;
    private static final int MIN_INITIAL_BUFFER = 1 << 13;
    /** Room after a too long line's first bytes, through which the rest of it is skipped. */
    private static final int SKIP_BYTES = 1 << 16;
    private final int maxLine;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final List<Path> files;
    private int fileIndex = -1;
    private FileChannel channel;
    private boolean eof;
    private byte[] buf;
    /** Valid data is buf[start, end); the current line is buf[lineStart, lineStart + lineLength). */
    private int start;
    private int end;
    private int lineStart;
    private int lineLength;
    /** Where the search for the next '\n' resumes after more of the file was read. */
    private int lineScanFrom;
    private boolean torn;
    private boolean tooLong;
    /** Offset in the file of buf[0]. */
    private long bufferFileOffset;
    /** Offset in the file of the current line. */
    private long lineFileOffset;
    private long lineNumber;
    private long totalLines;

    /**
     * Creates a reader over files read in the given order.
     *
     * @param files the segments, in name order
     */
    public LogReader(List<Path> files) {
        this(files, LogFiles.MAX_LINE_BYTES);
    }

    /**
     * Creates a reader that cuts lines at a given length; tests make it small.
     *
     * @param files   the segments, in name order
     * @param maxLine the longest line returned whole
     */
    LogReader(List<Path> files, int maxLine) {
        this.maxLine = maxLine;
        this.files = List.copyOf(files);
        long largest = 0;
        for (Path f : files) {
            largest = Math.max(largest, f.toFile().length());
        }
        // Small logs (and the many small reads of a fault's neighbourhood) need no megabyte buffer.
        this.buf = new byte[(int) Math.max(MIN_INITIAL_BUFFER, Math.min(MAX_INITIAL_BUFFER, largest + 1))];
    }

    /**
     * Opens a reader over the record segments of a log directory.
     *
     * @param dir the log directory
     * @return a reader before the first line
     * @throws IOException when the directory cannot be listed
     */
    public static LogReader open(Path dir) throws IOException {
        return new LogReader(LogFiles.segments(dir));
    }

    /**
     * Moves to the next line.
     *
     * @return whether there is one
     * @throws IOException when a file cannot be read
     */
    public boolean next() throws IOException {
        while (true) {
            if (channel == null && !openNext()) {
                return false;
            }
            int nl = indexOfNewline(start, end);
            while (nl < 0 && !eof) {
                if (end - start >= maxLine) {
                    skipLongLine();
                    return true;
                }
                fill();
                nl = indexOfNewline(lineScanFrom, end);
            }
            if (nl >= 0) {
                emitCut(nl - start, false);
                start = nl + 1;
                return true;
            }
            if (start < end) {
                emitCut(end - start, true);
                start = end;
                return true;
            }
            channel.close();
            channel = null;
        }
    }

    /** Emits a line that is all in the buffer, cut at the limit like one that is not. */
    private void emitCut(int length, boolean isTorn) {
        emit(Math.min(length, maxLine), isTorn);
        tooLong = length > maxLine;
    }

    private void emit(int length, boolean isTorn) {
        lineStart = start;
        lineLength = length;
        lineFileOffset = bufferFileOffset + start;
        torn = isTorn;
        tooLong = false;
        lineNumber++;
        totalLines++;
    }

    private boolean openNext() throws IOException {
        fileIndex++;
        if (fileIndex >= files.size()) {
            return false;
        }
        channel = LogFiles.openForReading(files.get(fileIndex));
        eof = false;
        start = 0;
        end = 0;
        bufferFileOffset = 0;
        lineNumber = 0;
        return true;
    }

    /**
     * Returns the first {@code maxLine} bytes of the current line as the line, and reads past the rest of it up
     * to its newline through a small window, keeping what follows the newline for the next line.
     */
    private void skipLongLine() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufferFileOffset += start;
            end -= start;
            start = 0;
        }
        if (buf.length < maxLine + SKIP_BYTES) {
            buf = Arrays.copyOf(buf, maxLine + SKIP_BYTES);
        }
        long readAt = bufferFileOffset + end;
        boolean found = false;
        int windowEnd = maxLine;
        int newline = -1;
        while (!found) {
            int n = channel.read(ByteBuffer.wrap(buf, maxLine, buf.length - maxLine));
            if (n < 0) {
                eof = true;
                break;
            }
            newline = indexOfNewline(maxLine, maxLine + n);
            windowEnd = maxLine + n;
            found = newline >= 0;
            if (!found) {
                readAt += n;
            }
        }
        emit(maxLine, !found);
        tooLong = true;
        if (found) {
            long afterNewline = readAt + (newline - maxLine) + 1;
            System.arraycopy(buf, newline + 1, buf, maxLine, windowEnd - newline - 1);
            end = maxLine + (windowEnd - newline - 1);
            bufferFileOffset = afterNewline - maxLine;
        } else {
            end = maxLine;
        }
        start = maxLine;
        lineScanFrom = start;
    }

    /** Reads more of the file, keeping the unfinished line at the front of the buffer. */
    private void fill() throws IOException {
        lineScanFrom = end;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufferFileOffset += start;
            lineScanFrom -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLine + SKIP_BYTES));
        }
        int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private int indexOfNewline(int from, int to) {
        return indexOfNewline(buf, from, to);
    }

    /**
     * Finds the first {@code '\n'} in {@code b[from, to)}, eight bytes at a time: a log is mostly long
     * lines, and this search touches every byte of it.
     *
     * @param b    the bytes
     * @param from where to start
     * @param to   where to stop, exclusive
     * @return its index, or -1
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            // Bytes of x that are zero get their high bit set; a false positive can only appear above a
            // true one, so the lowest flagged byte is always a newline.
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** @return the buffer holding the current line; valid until the next call to {@link #next()} */
    public byte[] buffer() {
        return buf;
    }

    /** @return where the current line starts in {@link #buffer()} */
    public int offset() {
        return lineStart;
    }

    /** @return the current line's length, without its {@code '\n'} */
    public int length() {
        return lineLength;
    }

    /** @return whether the current line is the end of its file without a {@code '\n'} */
    public boolean torn() {
        return torn;
    }

    /**
     * @return whether the current line was longer than the limit: only its first bytes are in the buffer, and
     *         the rest of it was skipped
     */
    public boolean tooLong() {
        return tooLong;
    }

    /** @return the index of the current line's file in the list given */
    public int fileIndex() {
        return fileIndex;
    }

    /** @return the current line's file */
    public Path file() {
        return files.get(fileIndex);
    }

    /** @return the current line's number in its file, from 1 */
    public long lineNumber() {
        return lineNumber;
    }

    /** @return the byte offset in its file where the current line starts */
    public long byteOffset() {
        return lineFileOffset;
    }

    /** @return how many lines were returned so far, over all files */
    public long totalLines() {
        return totalLines;
    }

    /** @return where the current line is: its file's name and its line number there, {@code file:line} */
    public String location() {
        return file().getFileName() + ":" + lineNumber;
    }

    /** @return a copy of the current line's bytes */
    public byte[] copy() {
        return Arrays.copyOfRange(buf, lineStart, lineStart + lineLength);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
