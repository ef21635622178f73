package dev.transferguard.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The files of an audit log directory (see {@code docs/audit-log.md}): record segments {@code *.jsonl},
 * the latest checkpoint {@code checkpoint}, the kept checkpoints {@code checkpoints/<size>}, and the
 * durable ways to write them.
 */
public final class LogFiles {

    /** The latest signed checkpoint. */
    public static final String CHECKPOINT = "checkpoint";
    /** The directory of every checkpoint the writer made. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The writer's lock file. */
    public static final String LOCK = ".lock";
    /** The extension of record segments. */
    public static final String SEGMENT_SUFFIX = ".jsonl";

    /** A checkpoint note is a few hundred bytes; a file far larger is not one. */
    public static final int MAX_CHECKPOINT_BYTES = 64 * 1024;

    /**
     * The longest line a log may hold, without its newline. The writer refuses a longer record, and the readers
     * never buffer more than this of a line: a longer one is read as its first this many bytes.
     */
    public static final int MAX_LINE_BYTES = 8 << 20;

    /** How the log's files are opened for reading: never through a link. */
    public static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private static final Pattern KEPT_NAME = Pattern.compile("[0-9]{20}");
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    /** Name order is the order of the names' UTF-8 bytes, as the format says. */
    private static final Comparator<Path> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
            b.getFileName().toString().getBytes(StandardCharsets.UTF_8));

    private LogFiles() {
    }

    /**
     * @param firstSeq the sequence number of the segment's first record
     * @return the segment's file name, 20 digits and {@code .jsonl}
     */
    public static String segmentName(long firstSeq) {
        return twentyDigits(firstSeq) + SEGMENT_SUFFIX;
    }

    /**
     * @param treeSize a checkpoint's tree size
     * @return the name of its kept copy in {@code checkpoints/}
     */
    public static String keptName(long treeSize) {
        return twentyDigits(treeSize);
    }

    private static String twentyDigits(long n) {
        String digits = Long.toString(n);
        return "0".repeat(20 - digits.length()) + digits;
    }

    /**
     * The record segments: every file {@code *.jsonl} directly in the directory whose name does not start with
     * a dot, in name order; each must be a regular file (directories of that name are passed over).
     *
     * @param dir the log directory
     * @return the segments; empty when there are none or the directory does not exist
     * @throws IOException when the directory cannot be listed, or a segment is a link, FIFO or device
     */
    public static List<Path> segments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX)) {
            for (Path p : entries) {
                // A directory of that name holds no records and is never opened; anything else that is not a
                // regular file could hang or flood a reader, and is refused.
                if (!p.getFileName().toString().startsWith(".")
                        && !Files.isDirectory(p, NOFOLLOW)) {
                    requireRegularFile(p);
                    out.add(p);
                }
            }
        }
        out.sort(NAME_ORDER);
        return out;
    }

    /**
     * The kept checkpoints: the files of {@code checkpoints/} named by 20 digits, in size order.
     *
     * @param dir the log directory
     * @return the files; empty when there are none
     * @throws IOException when the directory cannot be listed
     */
    public static List<Path> keptCheckpoints(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path kept = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(kept)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(kept)) {
            for (Path p : entries) {
                if (KEPT_NAME.matcher(p.getFileName().toString()).matches()) {
                    requireRegularFile(p);
                    out.add(p);
                }
            }
        }
        out.sort(NAME_ORDER);
        return out;
    }

    /**
     * Reads a checkpoint file, refusing one too large to be a checkpoint.
     *
     * @param file the file
     * @return its bytes, or {@code null} when it does not exist
     * @throws IOException when it cannot be read or is too large
     */
    public static byte[] readCheckpoint(Path file) throws IOException {
        try {
            long size = requireRegularFile(file).size();
            if (size > MAX_CHECKPOINT_BYTES) {
                throw new IOException(file + ": " + size + " bytes is too large for a checkpoint");
            }
            // The size is read again while reading: a file that grows meanwhile is still not read whole.
            ByteBuffer b = ByteBuffer.allocate(MAX_CHECKPOINT_BYTES + 1);
            try (FileChannel c = openForReading(file)) {
                while (b.hasRemaining() && c.read(b) >= 0) {
                    // read on
                }
            }
            if (!b.hasRemaining()) {
                throw new IOException(file + ": too large for a checkpoint");
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Checks that a file of the log is a regular file, not a link (which could lead out of the directory), a
     * FIFO (whose reading never ends) or a device ({@code /dev/zero} never ends either).
     *
     * @param file the file
     * @return its attributes
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         when it is something else than a regular file
     */
    public static BasicFileAttributes requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        if (!a.isRegularFile()) {
            String what = a.isSymbolicLink() ? "a link" : a.isDirectory() ? "a directory"
                    : "a FIFO, socket or device";
            throw new IOException(file + " is " + what + ", not a regular file: the audit log reads no such file");
        }
        return a;
    }

    /**
     * Opens a file of the log for reading, refusing a link or anything but a regular file.
     *
     * @param file the file
     * @return the channel
     * @throws IOException when it is not a regular file or cannot be opened
     */
    public static FileChannel openForReading(Path file) throws IOException {
        // Checked before opening: opening a FIFO would wait for a writer that never comes.
        requireRegularFile(file);
        return FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW);
    }

    /**
     * Replaces a file atomically and durably: writes a temporary file beside it, fsyncs it, renames it over
     * the target and fsyncs the directory, so that after a crash the file holds either the old or the new
     * content, and the new content once this returns.
     *
     * @param file    the file to replace or create
     * @param content its new content
     * @throws IOException when any step fails
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        writeAtomically(file, content, FileChannels.DEFAULT);
    }

    /**
     * {@link #writeAtomically(Path, byte[])} through the given channels.
     *
     * @param file     the file to replace or create
     * @param content  its new content
     * @param channels opens the files
     * @throws IOException when any step fails
     */
    public static void writeAtomically(Path file, byte[] content, FileChannels channels) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + file.getFileName() + ".tmp");
        // Whatever is in the way (a FIFO would block the open) goes: the temporary file is the writer's own.
        Files.deleteIfExists(temp);
        try (FileChannel channel = channels.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir, channels);
    }

    /**
     * Makes the directory's entries durable (new, renamed or removed files), where the platform allows it.
     *
     * @param dir the directory
     * @throws IOException when the fsync fails
     */
    public static void syncDirectory(Path dir) throws IOException {
        syncDirectory(dir, FileChannels.DEFAULT);
    }

    /**
     * {@link #syncDirectory(Path)} through the given channels.
     *
     * @param dir      the directory
     * @param channels opens it
     * @throws IOException when the fsync fails
     */
    public static void syncDirectory(Path dir, FileChannels channels) throws IOException {
        if (WINDOWS) {
            // Windows cannot open a directory as a file; NTFS journals its metadata itself.
            return;
        }
        try (FileChannel channel = channels.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Writes the whole buffer, however many calls that takes.
     *
     * @param channel the channel
     * @param buffer  the bytes, from its position to its limit
     * @throws IOException when a write fails
     */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
