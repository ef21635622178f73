package dev.transferguard.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The least work the audit log's one writer thread does for a record, whatever the code around it: the record's
 * leaf hash (SHA-256 over its bytes) and handing its bytes to the kernel (the {@code write} call's copy into
 * the file's pages). Both are serial: each record's head holds the hash of the record before, so one thread
 * hashes the records in order, and the writer writes what it hashed. Where records come faster than this, an
 * {@code ASYNC} log's queue fills and callers wait, whatever they themselves cost.
 *
 * <p>Measured as the CPU time of the calling thread (user and kernel), not the wall clock: on a machine of two
 * cores the other threads of the run take turns with it. The write is measured into a new file in the directory
 * given, in 1 MiB calls from a direct buffer (no copy in the JVM), with an fdatasync every 10 ms as an
 * {@code ASYNC} log makes, over 256 MiB, then the file is deleted.
 */
final class WriterFloor {

    /** What the file written to measure the write holds. */
    private static final long WRITE_BYTES = 256L << 20;
    private static final int WRITE_CALL = 1 << 20;
    private static final long FORCE_EVERY_NANOS = 10_000_000L;
    /** Hashed more than once over, so that the compiled hashing is what is timed. */
    private static final int HASH_BUFFER = 16 << 20;
    private static final int HASH_PASSES = 8;

    private WriterFloor() {
    }

    /** The writer's least CPU per byte: nanoseconds to hash one byte as a leaf, and to write it. */
    record PerByte(double hashNs, double writeNs) {

        /** @return the least CPU time of the writer thread for a record of {@code bytes} bytes */
        double recordNs(double bytes) {
            return bytes * (hashNs + writeNs);
        }
    }

    /**
     * Measures both costs on the calling thread.
     *
     * @param directory  where the file written may go (on the disk the log is on)
     * @param recordSize the bytes hashed at a time, about a record's
     * @return the costs per byte
     */
    static PerByte measure(Path directory, int recordSize) {
        return new PerByte(hashNsPerByte(recordSize), writeNsPerByte(directory));
    }

    /** SHA-256 as a leaf is hashed: a zero byte, then the record, in pieces of {@code recordSize}. */
    static double hashNsPerByte(int recordSize) {
        if (recordSize <= 0) {
            throw new IllegalArgumentException("a record size must be positive: " + recordSize);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[HASH_BUFFER];
        new SplittableRandom(7).nextBytes(buffer);
        byte[] leaf = new byte[32];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long hashed = 0;
        long start = 0;
        for (int pass = 0; pass < HASH_PASSES; pass++) {
            if (pass == 1) {
                // The first pass warms the hashing up.
                hashed = 0;
                start = threads.getCurrentThreadCpuTime();
            }
            for (int off = 0; off + recordSize <= buffer.length; off += recordSize) {
                sha.update((byte) 0);
                sha.update(buffer, off, recordSize);
                try {
                    sha.digest(leaf, 0, leaf.length);
                } catch (java.security.DigestException e) {
                    throw new IllegalStateException(e);
                }
                hashed += recordSize;
            }
        }
        return (threads.getCurrentThreadCpuTime() - start) / (double) hashed;
    }

    /** The calling thread's CPU per byte appended to a new file, fdatasync'd as an {@code ASYNC} log does. */
    static double writeNsPerByte(Path directory) {
        Path file = directory.resolve("writer-floor.tmp");
        ByteBuffer call = ByteBuffer.allocateDirect(WRITE_CALL);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            long written = 0;
            long start = threads.getCurrentThreadCpuTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                long lastForce = System.nanoTime();
                while (written < WRITE_BYTES) {
                    call.clear();
                    while (call.hasRemaining()) {
                        written += channel.write(call);
                    }
                    if (System.nanoTime() - lastForce >= FORCE_EVERY_NANOS) {
                        channel.force(false);
                        lastForce = System.nanoTime();
                    }
                }
                channel.force(false);
            }
            return (threads.getCurrentThreadCpuTime() - start) / (double) written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left for the caller's directory clean-up
            }
        }
    }
}
