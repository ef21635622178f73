package dev.transferguard.benchmarks;

import dev.transferguard.Guard;
import dev.transferguard.Mode;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.annotation.Destination;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditVerification;
import dev.transferguard.audit.AuditVerifier;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.spring.GuardAspect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * What {@code @GuardedTransfer} adds to a call in a Spring Boot application: the same method on two beans of a
 * real application context, one guarded and one not; {@code spring_overhead_ns} is the difference of their
 * mean times.
 *
 * <p>The context is started as an application starts it (auto-configuration of the starter, no web server),
 * with the shipped packs ({@code -Dguard.policies}), in enforce mode, and with the signed audit log on, in a
 * new directory under {@code guard-benchmarks/target/} that is deleted at the end. The guarded call therefore
 * includes everything a guarded call does: the aspect, the classification of the arguments (two customers,
 * as in {@code docs/spring.md}), the pseudonyms of their ids, the decision with the volume counters, and the
 * encoding and queueing of its audit record. The log is written with {@code ASYNC} durability: in {@code SYNC}
 * mode each call would wait for an fsync (about a millisecond on a typical disk), which measures the disk, not
 * the guard. Records are still fsync'd in batches and signed at checkpoints by the log's writer thread, and a
 * full queue makes callers wait, so a writer that cannot keep up shows in the guarded time. A record is about
 * 1.4 kB, so a fork writes some gigabytes; the iterations are kept short for that reason.
 *
 * <p>The volume counters count distinct subjects per calendar year. Every call exports the same two customers
 * (same ids), so the counters stay at two and the transfers stay far below the packs' thresholds however long
 * the run; should a decision ever flip, the guarded call would throw and the run fail rather than measure
 * denials.
 *
 * <p>With {@code -Dguard.benchmarks.results=DIR}, a fork of {@link #guarded} appends to
 * {@code DIR/spring-writer.txt} a line {@code RECORD_BYTES WRITER_CPU_NS FLOOR_NS}: the mean size of the records
 * it wrote, the CPU time the log's writer thread spent per record over the measured iterations, and the least it
 * could spend on one ({@link WriterFloor}: the record's SHA-256 and the kernel's write of its bytes, measured
 * after the iterations on the same disk). Calls in a loop cannot be faster than the writer takes their records.
 *
 * <p>The setup refuses to run unless the guard really guards: the guarded bean is proxied and the other is not,
 * a transfer the packs forbid is denied, and the decisions reach the audit log, which verifies under its key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SpringBenchmark {

    /** A customer record as a CRM holds it, annotated as in {@code docs/spring.md}. */
    public record Customer(
            @SubjectId String id,
            @PersonalData(category = "personal.identity") String name,
            @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    /** Sends customers to a partner; the guarded form. */
    public static class GuardedExport {

        /**
         * Prepares a batch for the partner.
         *
         * @param partner   the partner's endpoint
         * @param customers the customers to send
         * @return the batch's size in characters
         */
        @GuardedTransfer(recipient = "partner", recipientKind = "commercial")
        public int send(@Destination URI partner, List<Customer> customers) {
            return Batches.size(partner, customers);
        }
    }

    /** The same method without the annotation. */
    public static class PlainExport {

        /**
         * Prepares a batch for the partner.
         *
         * @param partner   the partner's endpoint
         * @param customers the customers to send
         * @return the batch's size in characters
         */
        public int send(URI partner, List<Customer> customers) {
            return Batches.size(partner, customers);
        }
    }

    /** The work both methods do, so that neither call can be optimised away. */
    static final class Batches {
        private Batches() {
        }

        static int size(URI partner, List<Customer> customers) {
            int n = partner.getPath().length();
            for (Customer c : customers) {
                n += c.id().length() + c.name().length() + c.email().length();
            }
            return n;
        }
    }

    /** The application: Spring Boot's auto-configuration (the starter's included) and the two beans. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class Application {

        /** @return the guarded exporter */
        @Bean
        public GuardedExport guardedExport() {
            return new GuardedExport();
        }

        /** @return the unguarded exporter */
        @Bean
        public PlainExport plainExport() {
            return new PlainExport();
        }
    }

    private static final URI PARTNER = URI.create("https://api.partner.sg/import");
    /** A host in the US, where no basis is on file: the packs deny the export. */
    private static final URI FORBIDDEN = URI.create("https://api.partner.us/import");

    private ConfigurableApplicationContext context;
    private Path directory;
    private GuardedExport guarded;
    private PlainExport plain;
    private URI partner;
    private List<Customer> customers;
    private Thread writer;
    private long writerCpuAtStart;
    private long recordsAtStart;
    private long writerCpuMeasured;
    private long recordsMeasured;

    /**
     * Starts the application and checks that the guard guards and records.
     *
     * @throws IOException if the key or the log directory cannot be written
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        Path policies = Resources.policies();
        Path target = policies.getParent().resolve("guard-benchmarks").resolve("target");
        Files.createDirectories(target);
        directory = Files.createTempDirectory(target, "spring-benchmark-");
        SigningKey key = SigningKey.generate("bench-audit");
        Path keyFile = directory.resolve("bench-audit.key");
        key.writePem(keyFile);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.application.name", "spring-benchmark");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("guard.mode", "enforce");
        properties.put("guard.policies", policies.toString());
        properties.put("guard.jurisdiction", "CN");
        properties.put("guard.entity.ciio", "false");
        properties.put("guard.entity.ftz", "false");
        properties.put("guard.pseudonym-key", "the benchmark's pseudonym key");
        properties.put("guard.bases.destinations.SG", "separate-consent, pipia");
        properties.put("guard.hosts.SG", "api.partner.sg");
        properties.put("guard.hosts.US", "api.partner.us");
        properties.put("guard.audit.directory", directory.resolve("audit").toString());
        properties.put("guard.audit.key", keyFile.toString());
        properties.put("guard.audit.durability", "async");
        // Spring Boot would look for a logging system; slf4j has no provider here and the benchmark logs nothing.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .properties(properties).run();

        guarded = context.getBean(GuardedExport.class);
        plain = context.getBean(PlainExport.class);
        partner = PARTNER;
        customers = List.of(
                new Customer("c-1001", "Li Wei", "li.wei@example.cn", "CN"),
                new Customer("c-1002", "Wang Fang", "wang.fang@example.cn", "CN"));
        check(key);
    }

    private void check(SigningKey key) {
        Guard guard = context.getBean(Guard.class);
        AuditLog log = context.getBean(AuditLog.class);
        require(context.getBeansOfType(GuardAspect.class).size() == 1, "the starter's aspect is not configured");
        require(guard.mode() == Mode.ENFORCE, "the guard is in " + guard.mode() + " mode, not enforce");
        require(AopUtils.isAopProxy(guarded), "the guarded bean is not proxied");
        require(!AopUtils.isAopProxy(plain), "the unguarded bean is proxied");
        require(log.durability() == AuditLog.Durability.ASYNC, "the audit log is not asynchronous");
        log.flush();
        long before = log.size();
        require(guarded.send(PARTNER, customers) == plain.send(PARTNER, customers),
                "the guarded and unguarded methods differ");
        try {
            guarded.send(FORBIDDEN, customers);
            throw new IllegalStateException("a transfer the packs forbid was let through: the guard does not guard");
        } catch (TransferDeniedException expected) {
            // the packs deny it, as they should
        }
        log.flush();
        require(log.size() >= before + 2, "the decisions did not reach the audit log (" + before + " records before, "
                + log.size() + " after)");
        log.checkpoint();
        AuditVerification v = AuditVerifier.builder().trust(key.verifierKey()).build().verify(log.directory());
        require(v.intact() && v.records() == log.size(), "the audit log does not verify: " + v.firstFault());
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("SpringBenchmark: " + problem);
        }
    }

    /** Notes the log writer's CPU time and the log's size as an iteration starts. */
    @Setup(Level.Iteration)
    public void startIteration() {
        AuditLog log = context.getBean(AuditLog.class);
        if (writer == null) {
            String name = "audit-log-writer";
            writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name))
                    .findFirst().orElseThrow(() -> new IllegalStateException("SpringBenchmark: no thread " + name));
        }
        writerCpuAtStart = ManagementFactory.getThreadMXBean().getThreadCpuTime(writer.getId());
        recordsAtStart = log.size();
    }

    /**
     * Adds a measured iteration's records and the writer's CPU time for them.
     *
     * @param iteration the iteration that ends
     */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            countIteration();
        }
    }

    /** Adds the iteration that ends to the measured ones. */
    void countIteration() {
        AuditLog log = context.getBean(AuditLog.class);
        // Written, not only queued: the writer's time for exactly these records.
        log.flush();
        writerCpuMeasured += ManagementFactory.getThreadMXBean().getThreadCpuTime(writer.getId()) - writerCpuAtStart;
        recordsMeasured += log.size() - recordsAtStart;
    }

    /**
     * Stops the application, which closes the audit log, and deletes the log; after {@link #guarded}, first notes
     * the writer's time per record and its floor (see the class comment).
     *
     * @param benchmark the benchmark that ran
     * @throws IOException if the directory cannot be deleted or the results not written
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams benchmark) throws IOException {
        String results = System.getProperty("guard.benchmarks.results");
        stop(results != null && benchmark.getBenchmark().endsWith(".guarded") ? Path.of(results) : null);
    }

    /**
     * Stops the application and deletes the log, first noting the writer's figures in {@code results} when it is
     * not {@code null} and iterations were counted.
     */
    void stop(Path results) throws IOException {
        if (results != null && context != null && recordsMeasured > 0) {
            noteWriter(results);
        }
        if (context != null) {
            context.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private void noteWriter(Path results) throws IOException {
        AuditLog log = context.getBean(AuditLog.class);
        log.flush();
        long records = log.size();
        long bytes = AuditBenchmark.segmentBytes(log.directory());
        double recordBytes = bytes / (double) records;
        WriterFloor.PerByte floor = WriterFloor.measure(directory, (int) Math.round(recordBytes));
        Files.createDirectories(results);
        Files.writeString(results.resolve("spring-writer.txt"), String.format(Locale.ROOT, "%.1f %.1f %.1f%n",
                recordBytes, writerCpuMeasured / (double) recordsMeasured, floor.recordNs(recordBytes)),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** @return the guarded call's result */
    @Benchmark
    public int guarded() {
        return guarded.send(partner, customers);
    }

    /** @return the unguarded call's result */
    @Benchmark
    public int unguarded() {
        return plain.send(partner, customers);
    }
}
