package dev.transferguard.benchmarks;

import java.io.IOException;
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
 * The physical floor of a durable append: one 300-byte write at the end of a file and an fdatasync
 * ({@link FileChannel#force(boolean) force(false)}), nothing else, on the same disk as
 * {@link AuditBenchmark}'s logs. Like the log's records, each write makes the file longer, so the
 * fdatasync also makes the new size durable. Sample-time mode gives the percentiles that a {@code SYNC}
 * append's are compared with. The file is new for each iteration, closed and deleted after it.
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

    private Path dir;
    private int iteration;
    private Path file;
    private FileChannel channel;
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(BYTES);

    /** Creates the trial's directory and the bytes to write: a line of text, as a record is. */
    @Setup(Level.Trial)
    public void createDirectory() {
        dir = ScratchFiles.newDirectory("fsync");
        byte[] line = new byte[BYTES];
        Arrays.fill(line, (byte) 'x');
        line[BYTES - 1] = '\n';
        bytes.put(line).flip();
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
        bytes.rewind();
        int n = 0;
        while (bytes.hasRemaining()) {
            n += channel.write(bytes);
        }
        channel.force(false);
        return n;
    }
}
