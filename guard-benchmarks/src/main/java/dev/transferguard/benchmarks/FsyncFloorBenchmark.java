package dev.transferguard.benchmarks;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical floor of a durable append: one write at the end of a file and an fdatasync
 * ({@link FileChannel#force(boolean) force(false)}), nothing else, on the same disk as
 * {@link AuditBenchmark}'s logs. Like the log's records, each write makes the file longer, so the
 * fdatasync also makes the new size durable. Sample-time mode gives the percentiles that a {@code SYNC}
 * append's are compared with.
 * <ul>
 *   <li>{@link #writeAndForce}: 300 bytes, the floor of one record's append.</li>
 *   <li>{@link #writeBatchAndForce}: {@value #BATCH_RECORDS} lines as long as {@link AuditBenchmark}'s records
 *       are on average, in one write: the floor of a batch of the group commit of 8 threads, which write at most
 *       one record each. An fdatasync costs more the more pages it writes, so this, not the 300 bytes, is what
 *       the disk allows at that batch size.</li>
 * </ul>
 * The file is new for each iteration, closed and deleted after it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
@Threads(1)
public class FsyncFloorBenchmark {

    private static final int BYTES = 300;
    /** The most records a batch of {@link AuditBenchmark#sync8} holds: one from each thread. */
    static final int BATCH_RECORDS = 8;

    private Path dir;
    private int iteration;
    private Path file;
    private FileChannel channel;
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(BYTES);
    private ByteBuffer batch;

    /** Creates the trial's directory and the bytes to write: a line of text, as a record is. */
    @Setup(Level.Trial)
    public void createDirectory() {
        dir = ScratchFiles.newDirectory("fsync");
        byte[] line = new byte[BYTES];
        Arrays.fill(line, (byte) 'x');
        line[BYTES - 1] = '\n';
        bytes.put(line).flip();
        int record = meanRecordBytes();
        batch = ByteBuffer.allocateDirect(BATCH_RECORDS * record);
        byte[] recordLine = new byte[record];
        Arrays.fill(recordLine, (byte) 'x');
        recordLine[record - 1] = '\n';
        for (int i = 0; i < BATCH_RECORDS; i++) {
            batch.put(recordLine);
        }
        batch.flip();
    }

    /**
     * The mean length of the lines {@link AuditBenchmark} appends: its records written once each to a log of
     * their own, the log's bytes over its records.
     */
    static int meanRecordBytes() {
        AuditBenchmark.Records records = new AuditBenchmark.Records();
        records.setUp();
        Path logDir = ScratchFiles.newDirectory("record-length");
        try (AuditLog log = AuditLog.builder().directory(logDir).origin(AuditBenchmark.ORIGIN)
                .signingKey(SigningKey.generate("bench-key")).open()) {
            for (int i = 0; i < records.transfers.length; i++) {
                log.append(records.transfers[i], records.decisions[i], AuditBenchmark.CALLER);
            }
            log.flush();
            long bytes;
            try {
                bytes = AuditBenchmark.segmentBytes(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (log.size() != records.transfers.length || bytes == 0) {
                throw new IllegalStateException("the log holds " + log.size() + " records in " + bytes
                        + " bytes, not the " + records.transfers.length + " appended");
            }
            return Math.toIntExact(bytes / log.size());
        } finally {
            ScratchFiles.delete(logDir);
        }
    }

    /**
     * Creates a new, empty file.
     *
     * @throws IOException if it cannot be created
     */
    @Setup(Level.Iteration)
    public void open() throws IOException {
        file = dir.resolve("floor-" + iteration++);
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Closes and deletes the file.
     *
     * @throws IOException if it cannot be closed
     */
    @TearDown(Level.Iteration)
    public void close() throws IOException {
        channel.close();
        ScratchFiles.delete(file);
    }

    /** Deletes the trial's directory. */
    @TearDown(Level.Trial)
    public void deleteDirectory() {
        ScratchFiles.delete(dir);
    }

    /**
     * @return the bytes written
     * @throws IOException if the write or the fdatasync fails
     */
    @Benchmark
    public int writeAndForce() throws IOException {
        return writeAndForce(bytes);
    }

    /**
     * @return the bytes written
     * @throws IOException if the write or the fdatasync fails
     */
    @Benchmark
    public int writeBatchAndForce() throws IOException {
        return writeAndForce(batch);
    }

    private int writeAndForce(ByteBuffer b) throws IOException {
        b.rewind();
        int n = 0;
        while (b.hasRemaining()) {
            n += channel.write(b);
        }
        channel.force(false);
        return n;
    }
}
