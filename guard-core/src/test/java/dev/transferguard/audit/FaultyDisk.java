package dev.transferguard.audit;

import dev.transferguard.audit.internal.FileChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that fails the way real ones do, for the audit log writer's channels: it takes only so many bytes
 * (then every write fails, as a full disk does, and the write that crosses the limit is short), writes at
 * most a few bytes per call (short writes), and fails an fsync after so many.
 */
public final class FaultyDisk implements FileChannels {

    /** The message of a full disk's error, as Linux gives it. */
    public static final String FULL = "No space left on device";

    private final AtomicLong bytesLeft;
    private final AtomicInteger forcesLeft;
    private final int maxWrite;
    private final AtomicLong written = new AtomicLong();

    private FaultyDisk(long bytes, int forces, int maxWrite) {
        this.bytesLeft = new AtomicLong(bytes);
        this.forcesLeft = new AtomicInteger(forces);
        this.maxWrite = maxWrite;
    }

    /** A disk that is full after {@code bytes} more bytes. */
    public static FaultyDisk fullAfter(long bytes) {
        return new FaultyDisk(bytes, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A disk whose writes take at most {@code max} bytes each, and never fail. */
    public static FaultyDisk shortWrites(int max) {
        return new FaultyDisk(Long.MAX_VALUE, Integer.MAX_VALUE, max);
    }

    /** A disk whose fsync fails after {@code forces} successful ones. */
    public static FaultyDisk fsyncFailsAfter(int forces) {
        return new FaultyDisk(Long.MAX_VALUE, forces, Integer.MAX_VALUE);
    }

    /** A disk on which nothing can be written: every open fails, as on a read-only file system. */
    public static FileChannels readOnly() {
        return (path, options) -> {
            throw new java.nio.file.FileSystemException(path.toString(), null, "Read-only file system");
        };
    }

    /** Opens a log on this disk. */
    public static AuditLog open(AuditLog.Builder builder, FileChannels disk) {
        return builder.channels(disk).open();
    }

    /** @return how many bytes were written through this disk */
    public long written() {
        return written.get();
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Channel(FileChannel.open(path, options));
    }

    private int take(int want) throws IOException {
        while (true) {
            long left = bytesLeft.get();
            if (left <= 0) {
                throw new IOException(FULL);
            }
            int n = (int) Math.min(Math.min(want, maxWrite), left);
            if (bytesLeft.compareAndSet(left, left - n)) {
                return n;
            }
        }
    }

    private final class Channel extends FileChannel {
        private final FileChannel real;

        Channel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!src.hasRemaining()) {
                return 0;
            }
            int n = take(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            int w = real.write(part);
            src.position(src.position() + w);
            written.addAndGet(w);
            return w;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return write(srcs[i]);
                }
            }
            return 0;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException("positional writes are not used by the log writer");
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (forcesLeft.getAndDecrement() <= 0) {
                throw new IOException("Input/output error (fsync)");
            }
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not used by the log writer");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not used by the log writer");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
