package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary reads JMH's JSON as JMH writes it and writes every key of issue 6. */
class SummaryTest {

    private static String result(String benchmark, String mode, double score, String unit, String percentiles,
            double alloc) {
        return """
                {"jmhVersion": "1.37", "benchmark": "%s", "mode": "%s", "threads": 1, "forks": 1,
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "%s" %s},
                 "secondaryMetrics": {"·gc.alloc.rate.norm": {"score": %s, "scoreUnit": "B/op"},
                                      "·gc.count": {"score": "NaN", "scoreUnit": "counts"}}}
                """.formatted(benchmark, mode, score, unit,
                percentiles.isEmpty() ? "" : ", \"scorePercentiles\": {" + percentiles + "}", alloc);
    }

    private static String throughput(String benchmark, int threads, double score, String unit) {
        return """
                {"jmhVersion": "1.37", "benchmark": "%s", "mode": "thrpt", "threads": %d, "forks": 1,
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "%s"}, "secondaryMetrics": {}}
                """.formatted(benchmark, threads, score, unit);
    }

    private static final String AUDIT = "["
            + throughput("dev.transferguard.benchmarks.AuditBenchmark.async8", 8, 240_000, "ops/s") + ","
            + throughput("dev.transferguard.benchmarks.AuditBenchmark.async1", 1, 150, "ops/ms") + ","
            + throughput("dev.transferguard.benchmarks.AuditBenchmark.logback8", 8, 200_000, "ops/s") + ","
            + throughput("dev.transferguard.benchmarks.AuditBenchmark.sync1", 1, 800, "ops/s") + ","
            + throughput("dev.transferguard.benchmarks.AuditBenchmark.sync8", 8, 3200, "ops/s") + ","
            + result("dev.transferguard.benchmarks.AuditBenchmark.syncLatency", "sample", 1300, "us/op",
                    "\"50.0\": 1200, \"99.0\": 2400", 900) + ","
            + result("dev.transferguard.benchmarks.FsyncFloorBenchmark.writeAndForce", "sample", 0.9, "ms/op",
                    "\"50.0\": 0.8, \"99.0\": 1.5", 0) + ","
            + result("dev.transferguard.benchmarks.FsyncFloorBenchmark.writeBatchAndForce", "sample", 1.1, "ms/op",
                    "\"50.0\": 1.0, \"99.0\": 1.9", 0)
            + "]";

    private static final String JMH = "["
            + result("dev.transferguard.benchmarks.PacksBenchmark.compiled", "sample", 0.9, "us/op",
                    "\"0.0\": 0.2, \"50.0\": 0.5, \"99.0\": 4.0, \"100.0\": 90.0", 480) + ","
            + result("dev.transferguard.benchmarks.PacksBenchmark.sampleOfNothing", "sample", 33, "ns/op",
                    "\"50.0\": 30, \"99.0\": 50", 0) + ","
            + result("dev.transferguard.benchmarks.DecisionBenchmark.guard", "sample", 999, "ns/op", "", 300) + ","
            + result("dev.transferguard.benchmarks.DecisionBenchmark.guard", "avgt", 400, "ns/op", "", 300) + ","
            + result("dev.transferguard.benchmarks.DecisionBenchmark.cedar", "sample", 120, "us/op", "", 4000) + ","
            + result("dev.transferguard.benchmarks.DecisionBenchmark.jcasbin", "avgt", 3, "ms/op", "", 9e5) + ","
            + result("dev.transferguard.benchmarks.DecisionBenchmark.jcasbinMatcher", "avgt", 40, "us/op", "", 2e4) + ","
            + result("dev.transferguard.benchmarks.LoadBenchmark.loadAllPacks", "ss", 0.05, "s/op", "", 2e6)
            + "]";

    @Test
    void computesEveryKeyFromJmhResultsAndOtherMeasurements() throws IOException {
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(JMH),
                Summary.readNumbers("{\"heap_after_load_mb\": 0.5, \"fsync_p99_us\": null}")));
        assertEquals(Summary.KEYS.size(), v.size());
        assertEquals(500, v.get("decision_median_ns"), 1e-9);
        assertEquals(4000, v.get("decision_p99_ns"), 1e-9);
        assertEquals(30, v.get("decision_sample_floor_ns"), 1e-9);
        assertEquals(480, v.get("decision_alloc_bytes"), 1e-9);
        assertEquals(300, v.get("cedar_over_guard"), 1e-9, "means from average-time mode where it ran");
        assertEquals(50, v.get("load_all_packs_ms"), 1e-9);
        assertEquals(0.5, v.get("heap_after_load_mb"), 1e-9);
        assertEquals(100, v.get("jcasbin_over_guard"), 1e-9, "the faster form of jCasbin");
        assertNull(v.get("fsync_p99_us"));
        assertNull(v.get("audit_records_per_s"));
    }

    @Test
    void springOverheadIsTheGuardedMeanMinusTheUnguardedOne() throws IOException {
        String jmh = "["
                + result("dev.transferguard.benchmarks.SpringBenchmark.guarded", "avgt", 1.85, "us/op", "", 900) + ","
                + result("dev.transferguard.benchmarks.SpringBenchmark.unguarded", "avgt", 12.5, "ns/op", "", 0)
                + "]";
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(jmh), Map.of()));
        assertEquals(1837.5, v.get("spring_overhead_ns"), 1e-9);
        String table = Summary.table(v, Summary.readJmh(jmh), Map.of());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("spring_overhead_ns") && l.endsWith("yes")), table);

        Map<String, Double> guardedOnly = Summary.compute(new Summary.Inputs(Summary.readJmh("["
                + result("dev.transferguard.benchmarks.SpringBenchmark.guarded", "avgt", 1.85, "us/op", "", 900)
                + "]"), Map.of()));
        assertNull(guardedOnly.get("spring_overhead_ns"), "no difference without both benchmarks");
    }

    @Test
    void takesTheSpringWriterKeysFromTheirFile() throws IOException {
        Map<String, Double> measured = Summary.readNumbers("{\"spring_record_bytes\": 1946, "
                + "\"spring_writer_cpu_ns\": 6012, \"spring_writer_floor_ns\": 2480}");
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Map.of(), measured));
        assertEquals(1946, v.get("spring_record_bytes"), 1e-12);
        assertEquals(6012, v.get("spring_writer_cpu_ns"), 1e-12);
        assertEquals(2480, v.get("spring_writer_floor_ns"), 1e-12);
        assertNull(Summary.compute(new Summary.Inputs(Map.of(), Map.of())).get("spring_writer_floor_ns"));
    }

    @Test
    void computesTheAuditKeysFromThroughputAndSampleTimeResults() throws IOException {
        Map<String, Summary.Result> jmh = new LinkedHashMap<>(Summary.readJmh(JMH));
        jmh.putAll(Summary.readJmh(AUDIT));
        Map<String, Double> v = Summary.compute(new Summary.Inputs(jmh, Map.of()));
        assertEquals(240_000, v.get("audit_records_per_s"), 1e-6);
        assertEquals(200_000, v.get("logback_records_per_s"), 1e-6);
        assertEquals(1.2, v.get("audit_over_logback"), 1e-9);
        assertEquals(2400, v.get("audit_p99_us"), 1e-9);
        assertEquals(1500, v.get("fsync_p99_us"), 1e-9);
        assertEquals(800, v.get("audit_sync_1t_per_s"), 1e-9);
        assertEquals(3200, v.get("audit_sync_8t_per_s"), 1e-9);
        assertEquals(1e9 / 150_000, jmh.get("dev.transferguard.benchmarks.AuditBenchmark.async1 thrpt").meanNs(),
                1e-9, "ops/ms are read as operations per second");
        String table = Summary.table(v, jmh, Map.of());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_over_logback") && l.endsWith("yes")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_p99_us") && l.endsWith("yes")), table);
        // 4 times one thread, and no batch size to say what the disk allows: not known to be met or missed.
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_sync_8t_per_s") && l.endsWith("-")), table);
        assertTrue(table.contains("AuditBenchmark.async8, 8 threads"), table);
    }

    @Test
    void takesThroughputOnlyAtTheThreadCountItsKeyNames() throws IOException {
        // '-t 4' on JMH's command line runs async8 with 4 threads: not the measurement the key names.
        String fourThreads = "["
                + throughput("dev.transferguard.benchmarks.AuditBenchmark.async8", 4, 1000, "ops/s") + ","
                + throughput("dev.transferguard.benchmarks.AuditBenchmark.sync1", 4, 1000, "ops/s") + "]";
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(fourThreads), Map.of()));
        assertNull(v.get("audit_records_per_s"));
        assertNull(v.get("audit_over_logback"));
        assertNull(v.get("audit_sync_1t_per_s"));
    }

    @Test
    void writesNullsForWhatIsNotMeasuredAndTheTableSaysSo() throws IOException {
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(JMH), Map.of()));
        assertNull(v.get("heap_after_load_mb"));
        String json = Summary.toJson(v);
        for (Summary.Key k : Summary.KEYS) {
            assertTrue(json.contains("\"" + k.name() + "\""), k.name());
        }
        assertTrue(json.contains("\"verify_1m_s\" : null"), json);
        assertTrue(json.contains("\"decision_median_ns\" : 500.0"), json);
        assertEquals(v.keySet(), Summary.readNumbers(json).keySet());
        String table = Summary.table(v, Summary.readJmh(JMH), Map.of());
        assertTrue(table.contains("not measured"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("decision_median_ns") && l.endsWith("NO")),
                "500 ns misses the 150 ns target: " + table);
    }

    @Test
    void saplOverGuardIsTheRatioOfTheMeansInTheSameRun() throws IOException {
        String jmh = "["
                + result("dev.transferguard.benchmarks.DecisionBenchmark.guard", "avgt", 100, "ns/op", "", 0) + ","
                + result("dev.transferguard.benchmarks.DecisionBenchmark.sapl", "avgt", 0.4, "us/op", "", 0) + "]";
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(jmh), Map.of()));
        assertEquals(4, v.get("sapl_over_guard"), 1e-9);
        String table = Summary.table(v, Summary.readJmh(jmh), Map.of());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("sapl_over_guard") && l.endsWith("NO")), table);
    }

    @Test
    void theFloorFractionComparesEightThreadsWithOneBatchPerBareFsync() throws IOException {
        // sync8: 3,200 records a second; a bare write and fdatasync of a batch's bytes: 1.1 ms mean (of 300
        // bytes: 0.9 ms); 4 records per write call. The disk allows 4 / 1.1 ms = 3,636 records a second at that
        // batch size: 88 %.
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Summary.readJmh(AUDIT),
                Map.of("audit_sync_8t_records_per_write", 4.0, "cli_audit_records_per_s", 60_000.0)));
        assertEquals(3200 / (4 * 1e9 / 1.1e6), v.get("audit_sync_8t_floor_fraction"), 1e-9);
        assertEquals(1100, v.get("fsync_batch_us"), 1e-9);
        assertEquals(1500, v.get("fsync_p99_us"), 1e-9);
        assertEquals(60_000, v.get("cli_audit_records_per_s"), 1e-9);
        String table = Summary.table(v, Summary.readJmh(AUDIT), Map.of());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_sync_8t_floor_fraction") && l.endsWith("yes")),
                table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_sync_8t_per_s") && l.endsWith("yes")),
                "4 times one thread, but 88 % of the floor: met: " + table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("cli_audit_records_per_s") && l.endsWith("yes")), table);
        Map<String, Double> noBatch = Summary.compute(new Summary.Inputs(Summary.readJmh(AUDIT), Map.of()));
        assertNull(noBatch.get("audit_sync_8t_floor_fraction"), "no fraction without the batch size");
        assertNull(v.get("audit_sync_8t_machine_floor_fraction"), "no machine floor without the handoff");

        // Releasing a batch's callers and taking their next records: 0.3 ms more per batch, so the floor is
        // 4 records per 1.4 ms: 2,857 a second, of which 3,200 is more than all.
        Map<String, Summary.Result> withHandoff = new LinkedHashMap<>(Summary.readJmh(AUDIT));
        withHandoff.putAll(Summary.readJmh("[" + result("dev.transferguard.benchmarks.HandoffBenchmark"
                + ".releaseAndRegather", "avgt", 300, "us/op", "", 0) + "]"));
        Map<String, Double> machine = Summary.compute(new Summary.Inputs(withHandoff,
                Map.of("audit_sync_8t_records_per_write", 4.0)));
        assertEquals(300, machine.get("audit_sync_8t_handoff_us"), 1e-9);
        assertEquals(3200 / (4 * 1e9 / 1.4e6), machine.get("audit_sync_8t_machine_floor_fraction"), 1e-9);
    }

    @Test
    void takesWhereTheSyncWritersTimeWentFromTheBatchFile() throws IOException {
        Map<String, Double> measured = Summary.readNumbers("{\"audit_sync_8t_records_per_write\": 7.9, "
                + "\"audit_sync_8t_batch_us\": 580.5, \"audit_sync_8t_writer_cpu_us\": 190.25, "
                + "\"audit_sync_8t_writer_user_us\": 60.0, \"audit_sync_8t_writer_kernel_us\": 330.0, "
                + "\"audit_sync_8t_writer_run_queue_us\": 40.0, \"audit_sync_8t_writer_parked_us\": 150.75}");
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Map.of(), measured));
        assertEquals(580.5, v.get("audit_sync_8t_batch_us"), 1e-12);
        assertEquals(190.25, v.get("audit_sync_8t_writer_cpu_us"), 1e-12);
        assertEquals(60.0, v.get("audit_sync_8t_writer_user_us"), 1e-12);
        assertEquals(330.0, v.get("audit_sync_8t_writer_kernel_us"), 1e-12);
        assertEquals(40.0, v.get("audit_sync_8t_writer_run_queue_us"), 1e-12);
        assertEquals(150.75, v.get("audit_sync_8t_writer_parked_us"), 1e-12);
        String table = Summary.table(v, Map.of(), Map.of());
        assertTrue(table.lines().anyMatch(l -> l.startsWith("audit_sync_8t_writer_parked_us") && l.contains("150.8")),
                table);
        assertNull(Summary.compute(new Summary.Inputs(Map.of(), Map.of())).get("audit_sync_8t_batch_us"));
    }

    @Test
    void takesTheSharedCounterKeysFromTheirFileAndJudgesTheRoundTrips() throws IOException {
        Map<String, Double> measured = Summary.readNumbers("{\"counters_pg_decisions_per_s\": 12279, "
                + "\"counters_pg_p50_us\": 5.0, \"counters_pg_p99_us\": 37.2, "
                + "\"counters_pg_roundtrips_per_decision\": 0.0199, \"counters_pg_near_decisions_per_s\": 507, "
                + "\"counters_pg_near_p50_us\": 41373.0, \"counters_pg_near_p99_us\": 336996.6, "
                + "\"counters_pg_near_roundtrips_per_decision\": 9.0033, \"counters_pg_late_headroom\": 2}");
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Map.of(), measured));
        assertEquals(0.0199, v.get("counters_pg_roundtrips_per_decision"), 1e-12);
        assertEquals(2, v.get("counters_pg_late_headroom"), 1e-12);
        assertEquals(507, v.get("counters_pg_near_decisions_per_s"), 1e-12);
        String table = Summary.table(v, Map.of(), measured);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("counters_pg_roundtrips_per_decision") && l.endsWith("yes")),
                table);
        Map<String, Double> many = Summary.compute(new Summary.Inputs(Map.of(),
                Map.of("counters_pg_roundtrips_per_decision", 0.2)));
        assertTrue(Summary.table(many, Map.of(), Map.of()).lines()
                .anyMatch(l -> l.startsWith("counters_pg_roundtrips_per_decision") && l.endsWith("NO")));
    }

    @Test
    void takesTheMeasurementsOfTheSameRunThatExplainAMissFromTheirFiles() throws IOException {
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.putAll(Summary.readNumbers("{\"decision_profile_samples\": 2000, \"decision_profile_memo_share\": "
                + "0.41, \"decision_profile_names_share\": 0.527, \"decision_profile_string_compare_share\": 0.117, \"decision_profile_shape_share\": 0.308,"
                + " \"decision_profile_evaluation_share\": 0.036, \"decision_profile_outside_share\": 0.128}"));
        measured.putAll(Summary.readNumbers("{\"cli_audit_records_per_s\": 20000, \"cli_audit_cpu_s\": 8.41, "
                + "\"cli_audit_compile_cpu_s\": 3.69}"));
        measured.putAll(Summary.readNumbers("{\"verify_1m_s\": 2.1, \"verify_1m_cpu_s\": 3.9, "
                + "\"verify_1m_compile_cpu_s\": 1.2}"));
        Map<String, Double> v = Summary.compute(new Summary.Inputs(Map.of(), measured));
        assertEquals(0.41, v.get("decision_profile_memo_share"), 1e-12);
        assertEquals(0.527, v.get("decision_profile_names_share"), 1e-12);
        assertEquals(0.117, v.get("decision_profile_string_compare_share"), 1e-12);
        assertEquals(0.308, v.get("decision_profile_shape_share"), 1e-12);
        assertEquals(0.036, v.get("decision_profile_evaluation_share"), 1e-12);
        assertEquals(8.41, v.get("cli_audit_cpu_s"), 1e-12);
        assertEquals(3.69, v.get("cli_audit_compile_cpu_s"), 1e-12);
        assertEquals(3.9, v.get("verify_1m_cpu_s"), 1e-12);
        assertEquals(1.2, v.get("verify_1m_compile_cpu_s"), 1e-12);
        assertNull(v.get("decision_profile_samples"), "a count of samples is no key of the summary");
        assertEquals(Summary.KEYS.size(), v.size());
    }
}
