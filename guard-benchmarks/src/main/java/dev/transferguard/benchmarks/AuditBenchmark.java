package dev.transferguard.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Recording decisions: the audit log ({@link AuditLog}) in {@code ASYNC} and {@code SYNC} mode against
 * Logback's {@code FileAppender} writing the same JSON lines, with 1 and 8 writer threads. The method name
 * says the thread count ({@code async8} runs 8 threads); throughput mode counts records per second over
 * all threads, and {@link #syncLatency} samples the time of one {@code SYNC} append for its percentiles.
 * {@link FsyncFloorBenchmark} measures the disk's floor that the sync figures are compared with.
 *
 * <p><b>What each side does per call.</b> Both start from a transfer of the shipped packs and the decision
 * the guard made on it (made once, in the setup: deciding is measured elsewhere), taken in turn by each
 * thread, and a caller. Both take the time ({@link Instant#now()}) and encode the whole record as JSON
 * with Jackson, through the same encoders of the transfer and the decision, so both write the same line,
 * key for key (about 1 KB). The transfers carry no subject ids, so neither side computes pseudonyms.
 * <ul>
 *   <li>The audit log ({@link AuditLog#append}) encodes the record on the calling thread and queues it; its
 *       writer thread numbers it, chains it to the record before ({@code prev}), hashes it into the Merkle
 *       tree, writes batches with one call each, fsyncs (in {@code ASYNC} mode at least every 10 ms, in
 *       {@code SYNC} mode once per batch, before the appends of the batch return) and signs a checkpoint
 *       (Ed25519, written and fsync'd atomically) every 1,000 records or second. These are the builder's
 *       defaults, with a 16,384-record queue.</li>
 *   <li>Logback builds the line as a team logging its decisions would ({@link DecisionLines}: a Jackson
 *       generator over a string; its {@code seq} from a shared counter, its {@code prev} 64 zeros) and logs
 *       it through a logger of its own context to a {@code FileAppender} with the default settings and the
 *       pattern {@code %msg%n}: buffered, flushed to the OS after every event, never fsync'd, unsigned.</li>
 * </ul>
 *
 * <p><b>The queue.</b> An {@code ASYNC} append returns once its record is queued, so an iteration also
 * counts the records still queued when it ends. Each iteration starts on a new log whose queue is first
 * filled by the setup (not measured), so that the count at the start and at the end are alike and the
 * figure is the rate at which records are written, not queued.
 *
 * <p><b>Batches.</b> For {@link #sync8}, each measured iteration's records and the write calls the process
 * made meanwhile (the kernel's count, {@code syscw} in {@code /proc/self/io}) are appended to
 * {@code audit-sync8-writes.txt} in the directory named by {@code -Dguard.benchmarks.results}: the writer makes
 * one write call per batch (and a few per signed checkpoint, every 1,000 records), so records per write call is
 * the batch size that group commit reached, from which {@code run.sh} takes {@code audit_sync_8t_floor_fraction}.
 * Each such line also holds where the log's writer thread spent the iteration ({@link ThreadTime}: wall clock, on a
 * processor, of that in user mode, waiting for a processor, parked waiting for the callers' records; the rest is in
 * the kernel: the write, the fdatasync, waking the callers), so that a batch's time is accounted for, part by part,
 * in the run that measured it.
 *
 * <p><b>Files.</b> Every log and file is new for each iteration, in a directory under
 * {@code guard-benchmarks/target/disk-benchmarks} (see {@link ScratchFiles}) on the same disk as
 * {@link FsyncFloorBenchmark}'s, closed and deleted after the iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
public class AuditBenchmark {

    static final String ORIGIN = "bench.example/audit";
    static final Caller CALLER = new Caller("billing", "InvoiceExporter.export");

    /** The transfers of the shipped packs and the decisions on them, decided once. */
    @State(Scope.Benchmark)
    public static class Records {
        Transfer[] transfers;
        Decision[] decisions;

        /** Loads the packs and decides every transfer. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void setUp() {
            Guard guard = Guard.builder().policies(ShippedPacks.load()).build();
            List<Transfer> all = ShippedPacks.transfers();
            transfers = all.toArray(Transfer[]::new);
            decisions = all.stream().map(guard::preview).toArray(Decision[]::new);
        }
    }

    /** Where one thread is in the records. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance(int length) {
            int i = next;
            next = i + 1 == length ? 0 : i + 1;
            return i;
        }
    }

    /** An audit log, new for each iteration. */
    public abstract static class Log {
        private final AuditLog.Durability durability;
        private final SigningKey key = SigningKey.generate("bench-key");
        private Path trialDir;
        private int iteration;
        private long writeCallsBefore;
        private ThreadTime.Watch writer;
        private ThreadTime writerBefore;
        AuditLog log;

        Log(AuditLog.Durability durability) {
            this.durability = durability;
        }

        /** Creates the trial's directory. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void createDirectory() {
            trialDir = ScratchFiles.newDirectory("audit-" + durability.name().toLowerCase(java.util.Locale.ROOT));
        }

        /**
         * Opens a new log; in {@code ASYNC} mode, fills its queue; for {@link #sync8}, starts watching the log's
         * writer thread.
         *
         * @param records   the records to fill it with
         * @param benchmark the benchmark about to run
         */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void open(Records records, BenchmarkParams benchmark) {
            log = AuditLog.builder().directory(trialDir.resolve("log-" + iteration++)).origin(ORIGIN)
                    .signingKey(key).durability(durability).open();
            writer = isSync8(benchmark) ? ThreadTime.Watch.find(WRITER_THREAD) : null;
            writerBefore = writer == null ? null : writer.now();
            writeCallsBefore = writeCalls();
            if (durability == AuditLog.Durability.ASYNC) {
                for (int i = 0; i < QUEUE; i++) {
                    int r = i % records.transfers.length;
                    log.append(records.transfers[r], records.decisions[r], CALLER);
                }
            }
        }

        /**
         * Closes the log (writing and signing what is queued) and deletes it; for a measured iteration of
         * {@link #sync8}, first notes its records, write calls and writer's time (see the class comment).
         *
         * @param benchmark the benchmark that ran
         * @param iteration the iteration that ends
         */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void close(BenchmarkParams benchmark, IterationParams iteration) {
            String results = System.getProperty("guard.benchmarks.results");
            if (results != null && isSync8(benchmark) && iteration.getType() == IterationType.MEASUREMENT) {
                long writes = writeCalls() - writeCallsBefore;
                ThreadTime spent = writer == null ? null : writer.now().since(writerBefore);
                noteWrites(Path.of(results), log.size(), writes, spent);
            }
            writer = null;
            Path dir = log.directory();
            log.close();
            log = null;
            ScratchFiles.delete(dir);
        }

        /** Deletes the trial's directory. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void deleteDirectory() {
            ScratchFiles.delete(trialDir);
        }
    }

    /**
     * The bytes of a log's records: the sum of its segments' sizes.
     *
     * @param logDir the log's directory
     * @return the bytes
     * @throws IOException if the directory cannot be listed or a segment's size read
     */
    static long segmentBytes(Path logDir) throws IOException {
        long bytes = 0;
        try (java.util.stream.Stream<Path> files = Files.list(logDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".jsonl")) {
                    bytes += Files.size(f);
                }
            }
        }
        return bytes;
    }

    /** The write calls this process has made so far, as the kernel counts them; -1 where it does not say. */
    static long writeCalls() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or not readable: no batch size then.
        }
        return -1;
    }

    /** The start of the name of a log's writer thread, as unique in its first 15 characters as in full. */
    static final String WRITER_THREAD = "audit-log-writer";

    private static boolean isSync8(BenchmarkParams benchmark) {
        return benchmark.getBenchmark().endsWith(".sync8");
    }

    private static void noteWrites(Path dir, long records, long writes, ThreadTime writer) {
        if (writes <= 0) {
            return;
        }
        String line = records + " " + writes + (writer == null ? "" : " " + writer.wallNanos() + " "
                + writer.cpuNanos() + " " + writer.userNanos() + " " + writer.runQueueNanos() + " " + writer.parkedNanos());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("audit-sync8-writes.txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The builder's default queue capacity. */
    static final int QUEUE = 16_384;

    /** An {@code ASYNC} log. */
    @State(Scope.Benchmark)
    public static class AsyncLog extends Log {
        /** An async log. */
        public AsyncLog() {
            super(AuditLog.Durability.ASYNC);
        }
    }

    /** A {@code SYNC} log. */
    @State(Scope.Benchmark)
    public static class SyncLog extends Log {
        /** A sync log. */
        public SyncLog() {
            super(AuditLog.Durability.SYNC);
        }
    }

    /** A Logback {@code FileAppender} with the default settings, new for each iteration. */
    @State(Scope.Benchmark)
    public static class LogbackFile {
        private Path trialDir;
        private int iteration;
        private Path file;
        private LoggerContext context;
        Logger logger;
        final AtomicLong seq = new AtomicLong();

        /** Creates the trial's directory. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void createDirectory() {
            trialDir = ScratchFiles.newDirectory("logback");
        }

        /** Starts a context with one logger and its file appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void open() {
            context = new LoggerContext();
            context.setName("audit-benchmark");
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%msg%n");
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.start();
            FileAppender<ILoggingEvent> appender = new FileAppender<>();
            appender.setContext(context);
            appender.setName("decisions");
            file = trialDir.resolve("decisions-" + iteration++ + ".jsonl");
            appender.setFile(file.toString());
            appender.setEncoder(encoder);
            appender.start();
            if (!appender.isStarted()) {
                throw new IllegalStateException("the Logback appender did not start: "
                        + context.getStatusManager().getCopyOfStatusList());
            }
            logger = context.getLogger("decisions");
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
            seq.set(0);
        }

        /** Stops the context, which closes the file, and deletes it. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void close() {
            context.stop();
            context = null;
            logger = null;
            ScratchFiles.delete(file);
        }

        /** Deletes the trial's directory. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void deleteDirectory() {
            ScratchFiles.delete(trialDir);
        }
    }

    private static long append(Log log, Records records, Cursor cursor) {
        int i = cursor.advance(records.transfers.length);
        return log.log.append(records.transfers[i], records.decisions[i], CALLER);
    }

    private static void logback(LogbackFile file, Records records, Cursor cursor) {
        int i = cursor.advance(records.transfers.length);
        file.logger.info(DecisionLines.line(ORIGIN, file.seq.getAndIncrement(), Instant.now(),
                records.transfers[i], records.decisions[i], CALLER));
    }

    /**
     * @param log     an async log
     * @param records the records
     * @param cursor  this thread's place in them
     * @return the record's sequence number
     */
    @Benchmark
    @Threads(1)
    public long async1(AsyncLog log, Records records, Cursor cursor) {
        return append(log, records, cursor);
    }

    /**
     * @param log     an async log
     * @param records the records
     * @param cursor  this thread's place in them
     * @return the record's sequence number
     */
    @Benchmark
    @Threads(8)
    public long async8(AsyncLog log, Records records, Cursor cursor) {
        return append(log, records, cursor);
    }

    /**
     * @param log     a sync log
     * @param records the records
     * @param cursor  this thread's place in them
     * @return the record's sequence number, once it is durable
     */
    @Benchmark
    @Threads(1)
    public long sync1(SyncLog log, Records records, Cursor cursor) {
        return append(log, records, cursor);
    }

    /**
     * @param log     a sync log
     * @param records the records
     * @param cursor  this thread's place in them
     * @return the record's sequence number, once it is durable
     */
    @Benchmark
    @Threads(8)
    public long sync8(SyncLog log, Records records, Cursor cursor) {
        return append(log, records, cursor);
    }

    /**
     * The time of one {@code SYNC} append, alone on the log: its percentiles.
     *
     * @param log     a sync log
     * @param records the records
     * @param cursor  this thread's place in them
     * @return the record's sequence number, once it is durable
     */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long syncLatency(SyncLog log, Records records, Cursor cursor) {
        return append(log, records, cursor);
    }

    /**
     * @param file    a Logback file appender
     * @param records the records
     * @param cursor  this thread's place in them
     */
    @Benchmark
    @Threads(1)
    public void logback1(LogbackFile file, Records records, Cursor cursor) {
        logback(file, records, cursor);
    }

    /**
     * @param file    a Logback file appender
     * @param records the records
     * @param cursor  this thread's place in them
     */
    @Benchmark
    @Threads(8)
    public void logback8(LogbackFile file, Records records, Cursor cursor) {
        logback(file, records, cursor);
    }
}
