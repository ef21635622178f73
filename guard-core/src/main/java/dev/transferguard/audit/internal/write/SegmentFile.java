package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.internal.FileChannels;
import dev.transferguard.audit.internal.LogFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The segment file records are appended to: written, fsync'd (timing each fsync, which the writer's batching
 * goes by) and rolled over to a new file once large enough. Owned by the writer thread.
 */
final class SegmentFile {

    private final Path dir;
    private final FileChannels channels;
    private FileChannel channel;
    private long size;
    private boolean dirty;
    private long lastForceNanos = System.nanoTime();
    private long lastForceDuration;

    private SegmentFile(Path dir, FileChannels channels, FileChannel channel) throws IOException {
        this.dir = dir;
        this.channels = channels;
        this.channel = channel;
        this.size = channel.size();
        channel.position(size);
    }

    /**
     * Opens the segment to append to after recovery: the last one, or a new one named for the next record.
     *
     * @param dir      the log directory
     * @param segments its segments, in order
     * @param records  how many records the log holds
     * @param channels how files are opened
     * @return the open segment, positioned at its end
     * @throws IOException when it cannot be opened or created
     */
    static SegmentFile open(Path dir, List<Path> segments, long records, FileChannels channels) throws IOException {
        Path last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        String expected = LogFiles.segmentName(records);
        if (last != null && Files.size(last) == 0 && !last.getFileName().toString().equals(expected)) {
            // An empty segment holds nothing; one named for another record would mislead readers.
            Files.delete(last);
            last = null;
        }
        FileChannel channel;
        if (last == null) {
            channel = channels.open(dir.resolve(expected), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            LogFiles.syncDirectory(dir, channels);
        } else {
            channel = channels.open(last, StandardOpenOption.WRITE, LogFiles.NOFOLLOW);
        }
        try {
            return new SegmentFile(dir, channels, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** @return the bytes in the file */
    long size() {
        return size;
    }

    /** @return whether bytes were written since the last fsync */
    boolean dirty() {
        return dirty;
    }

    /** @return when the last fsync ended, in {@link System#nanoTime()} */
    long lastForceNanos() {
        return lastForceNanos;
    }

    /** @return how long the last fsync took */
    long lastForceDuration() {
        return lastForceDuration;
    }

    /**
     * Appends bytes with one write call (or as few as the channel allows).
     *
     * @param b   holds the bytes
     * @param off where they start
     * @param len how many
     * @throws IOException when the write fails
     */
    void write(byte[] b, int off, int len) throws IOException {
        LogFiles.writeFully(channel, ByteBuffer.wrap(b, off, len));
        size += len;
        dirty = true;
    }

    /** Fsyncs the file's data. */
    void force() throws IOException {
        long start = System.nanoTime();
        channel.force(false);
        dirty = false;
        lastForceNanos = System.nanoTime();
        lastForceDuration = lastForceNanos - start;
    }

    /**
     * Closes this file and starts the next; the caller has fsync'd what was written.
     *
     * @param firstSeq the sequence number of the next file's first record, which names it
     */
    void roll(long firstSeq) throws IOException {
        channel.close();
        Path next = dir.resolve(LogFiles.segmentName(firstSeq));
        channel = channels.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        size = 0;
        LogFiles.syncDirectory(dir, channels);
    }

    /** Closes the file. */
    void close() throws IOException {
        channel.close();
    }

    /** Closes the file when already failing: the first error is the one to report. */
    void closeQuietly() {
        closeQuietly(channel);
    }

    static void closeQuietly(FileChannel c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one to report.
        }
    }
}
