// Longer than most files on purpose: every key of summary.json and how it is computed from JMH's results,
// in one place, so that a key and its formula cannot drift apart.
package dev.transferguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns JMH's JSON results (and small JSON files of other measurements) into {@code summary.json} with the
 * keys of issues 6 and 12, and prints them as a table with the targets of DESIGN.md.
 *
 * <pre>
 * java -cp benchmarks.jar dev.transferguard.benchmarks.Summary --jmh jmh.json [--extra m.json ...] --out summary.json
 * </pre>
 *
 * <p>A key no benchmark has measured yet is written as {@code null} and named on standard error. To add a
 * measurement, add a JMH benchmark (or a file for {@code --extra}) and its line to {@link #KEYS}.
 */
public final class Summary {

    /**
     * One JMH result: times in nanoseconds per operation, allocation in bytes per operation. In throughput
     * mode the mean is the wall-clock time per operation of all threads together (one second over the
     * operations per second).
     */
    record Result(String benchmark, String mode, double meanNs, Double p50Ns, Double p99Ns, Double allocBytes,
            double score, String unit, int threads) {
    }

    /** The measurements a key is computed from. */
    record Inputs(Map<String, Result> jmh, Map<String, Double> extra) {

        /**
         * The result of a benchmark named by its class and method, e.g. {@code PacksBenchmark.compiled}, in the
         * first of the given modes that it ran in.
         */
        Result result(String name, String... modes) {
            for (String mode : modes) {
                for (Result r : jmh.values()) {
                    if ((r.benchmark().equals(name) || r.benchmark().endsWith("." + name)) && r.mode().equals(mode)) {
                        return r;
                    }
                }
            }
            return null;
        }

        /** A percentile or the allocation, from sample-time mode. */
        Double sampled(String name, Function<Result, Double> field) {
            Result r = result(name, "sample", "avgt");
            return r == null ? null : field.apply(r);
        }

        /** The mean time per operation: average-time mode where it ran, else sample time or single shot. */
        Double meanNs(String name) {
            Result r = result(name, "avgt", "sample", "ss");
            return r == null ? null : r.meanNs();
        }

        /**
         * Operations per second of all threads together, from throughput mode, where the benchmark ran with
         * the given number of threads.
         */
        Double perSecond(String name, int threads) {
            for (Result r : jmh.values()) {
                if ((r.benchmark().equals(name) || r.benchmark().endsWith("." + name)) && r.mode().equals("thrpt")
                        && r.threads() == threads) {
                    return 1e9 / r.meanNs();
                }
            }
            return null;
        }

        /** How many times longer one benchmark's mean time per operation is than another's. */
        Double ratio(String numerator, String denominator) {
            Double n = meanNs(numerator);
            Double d = meanNs(denominator);
            return n == null || d == null || d <= 0 ? null : n / d;
        }

        /** How many nanoseconds per operation one benchmark's mean time exceeds another's. */
        Double difference(String minuend, String subtrahend) {
            Double m = meanNs(minuend);
            Double s = meanNs(subtrahend);
            return m == null || s == null ? null : m - s;
        }
    }

    /** A key of {@code summary.json}, how it is computed and, where DESIGN.md sets one, its target. */
    record Key(String name, String unit, Function<Inputs, Double> value, String target,
            Function<Map<String, Double>, Boolean> met) {
    }

    static final List<Key> KEYS = List.of(
            new Key("decision_median_ns", "ns", in -> in.sampled("PacksBenchmark.compiled", Result::p50Ns),
                    "< 150", v -> lt(v.get("decision_median_ns"), 150)),
            new Key("decision_p99_ns", "ns", in -> in.sampled("PacksBenchmark.compiled", Result::p99Ns),
                    "< 1000", v -> lt(v.get("decision_p99_ns"), 1000)),
            // What sample-time mode adds to each call it times (the clock read twice), which the median includes.
            new Key("decision_sample_floor_ns", "ns",
                    in -> in.sampled("PacksBenchmark.sampleOfNothing", Result::p50Ns), null, null),
            // Where the decision's time goes, from a JFR recording of PacksBenchmark.compiled (DecisionProfile).
            extra("decision_profile_memo_share", "", null, null),
            extra("decision_profile_names_share", "", null, null),
            extra("decision_profile_string_compare_share", "", null, null),
            extra("decision_profile_shape_share", "", null, null),
            extra("decision_profile_evaluation_share", "", null, null),
            new Key("decision_alloc_bytes", "B", in -> in.sampled("PacksBenchmark.compiled", Result::allocBytes),
                    null, null),
            new Key("cedar_over_guard", "x", in -> in.ratio("DecisionBenchmark.cedar", "DecisionBenchmark.guard"),
                    ">= 100", v -> ge(v.get("cedar_over_guard"), 100)),
            new Key("jcasbin_over_guard", "x",
                    in -> min(in.ratio("DecisionBenchmark.jcasbin", "DecisionBenchmark.guard"),
                            in.ratio("DecisionBenchmark.jcasbinMatcher", "DecisionBenchmark.guard")),
                    ">= 100", v -> ge(v.get("jcasbin_over_guard"), 100)),
            new Key("sapl_over_guard", "x", in -> in.ratio("DecisionBenchmark.sapl", "DecisionBenchmark.guard"),
                    ">= 5", v -> ge(v.get("sapl_over_guard"), 5)),
            new Key("audit_records_per_s", "1/s", in -> in.perSecond("AuditBenchmark.async8", 8), null, null),
            new Key("logback_records_per_s", "1/s", in -> in.perSecond("AuditBenchmark.logback8", 8), null, null),
            new Key("audit_over_logback", "x", in -> quotient(in.perSecond("AuditBenchmark.async8", 8),
                    in.perSecond("AuditBenchmark.logback8", 8)), ">= 1", v -> ge(v.get("audit_over_logback"), 1)),
            new Key("audit_p99_us", "us", in -> micros(in.sampled("AuditBenchmark.syncLatency", Result::p99Ns)),
                    "< 3 x fsync_p99_us",
                    v -> v.get("fsync_p99_us") == null ? null : lt(v.get("audit_p99_us"), 3 * v.get("fsync_p99_us"))),
            new Key("audit_sync_1t_per_s", "1/s", in -> in.perSecond("AuditBenchmark.sync1", 1), null, null),
            new Key("audit_sync_8t_per_s", "1/s", in -> in.perSecond("AuditBenchmark.sync8", 8),
                    ">= 5 x audit_sync_1t_per_s or floor fraction >= 0.8",
                    v -> either(v.get("audit_sync_1t_per_s") == null ? null
                            : ge(v.get("audit_sync_8t_per_s"), 5 * v.get("audit_sync_1t_per_s")),
                            ge(v.get("audit_sync_8t_floor_fraction"), 0.8))),
            // What the disk allows at the batch size group commit reached: one batch per bare write and fdatasync
            // of a batch's bytes (eight records as long as the benchmark's).
            new Key("audit_sync_8t_floor_fraction", "x", in -> syncFloorFraction(in, 0.0),
                    ">= 0.8", v -> ge(v.get("audit_sync_8t_floor_fraction"), 0.8)),
            // What the machine adds between two fsyncs: releasing a batch's 8 callers and taking their next records.
            new Key("audit_sync_8t_handoff_us", "us", in -> micros(in.meanNs("HandoffBenchmark.releaseAndRegather")),
                    null, null),
            // What 8 sync threads write over what the disk and that handoff allow together at the batch size reached.
            new Key("audit_sync_8t_machine_floor_fraction", "x",
                    in -> syncFloorFraction(in, in.meanNs("HandoffBenchmark.releaseAndRegather")), null, null),
            // Where a batch's time went on the log's writer thread in sync8, per write call: the whole, on a processor,
            // of that in user mode, in the kernel (write, fdatasync, wakes; on a processor or blocked), waiting for a
            // processor, parked waiting for the callers' records. All but the second add up to the whole.
            extra("audit_sync_8t_batch_us", "us", null, null),
            extra("audit_sync_8t_writer_cpu_us", "us", null, null),
            extra("audit_sync_8t_writer_user_us", "us", null, null),
            extra("audit_sync_8t_writer_kernel_us", "us", null, null),
            extra("audit_sync_8t_writer_run_queue_us", "us", null, null),
            extra("audit_sync_8t_writer_parked_us", "us", null, null),
            new Key("fsync_p99_us", "us", in -> micros(in.sampled("FsyncFloorBenchmark.writeAndForce", Result::p99Ns)),
                    null, null),
            new Key("fsync_batch_us", "us", in -> micros(in.meanNs("FsyncFloorBenchmark.writeBatchAndForce")),
                    null, null),
            extra("cli_audit_records_per_s", "1/s", ">= 50000", v -> ge(v.get("cli_audit_records_per_s"), 50_000)),
            extra("cli_audit_steady_records_per_s", "1/s", null, null),
            extra("cli_audit_cpu_s", "s", null, null),
            extra("cli_audit_compile_cpu_s", "s", null, null),
            extra("cli_start_s", "s", null, null),
            extra("verify_1m_s", "s", "< 1.2", v -> lt(v.get("verify_1m_s"), 1.2)),
            extra("verify_1m_hash_floor_s", "s", null, null),
            extra("verify_1m_cpu_s", "s", null, null),
            extra("verify_1m_compile_cpu_s", "s", null, null),
            new Key("spring_overhead_ns", "ns",
                    in -> in.difference("SpringBenchmark.guarded", "SpringBenchmark.unguarded"),
                    "< 2000", v -> lt(v.get("spring_overhead_ns"), 2000)),
            extra("spring_record_bytes", "B", null, null),
            extra("spring_writer_cpu_ns", "ns", null, null),
            extra("spring_writer_floor_ns", "ns", null, null),
            new Key("load_all_packs_ms", "ms", in -> {
                Double ns = in.meanNs("LoadBenchmark.loadAllPacks");
                return ns == null ? null : ns / 1e6;
            }, null, null),
            extra("heap_after_load_mb", "MB", null, null),
            extra("counters_pg_decisions_per_s", "1/s", null, null),
            extra("counters_pg_p50_us", "us", null, null),
            extra("counters_pg_p99_us", "us", null, null),
            extra("counters_pg_roundtrips_per_decision", "", "< 0.05",
                    v -> lt(v.get("counters_pg_roundtrips_per_decision"), 0.05)),
            extra("counters_pg_near_decisions_per_s", "1/s", null, null),
            extra("counters_pg_near_p50_us", "us", null, null),
            extra("counters_pg_near_p99_us", "us", null, null),
            extra("counters_pg_near_roundtrips_per_decision", "", null, null),
            // How often a store counted another's headroom as used, not given back within the lease.
            extra("counters_pg_late_headroom", "", null, null));

    /** Ratios shown below the table for context (numerator, denominator); not keys of the summary. */
    static final List<List<String>> RATIOS_SHOWN = List.of(
            List.of("DecisionBenchmark.cedar", "DecisionBenchmark.guard"),
            List.of("DecisionBenchmark.jcasbin", "DecisionBenchmark.guard"),
            List.of("DecisionBenchmark.jcasbinMatcher", "DecisionBenchmark.guard"),
            List.of("DecisionBenchmark.sapl", "DecisionBenchmark.guard"));

    private Summary() {
    }

    private static Key extra(String name, String unit, String target, Function<Map<String, Double>, Boolean> met) {
        return new Key(name, unit, in -> in.extra().get(name), target, met);
    }

    /**
     * What 8 sync threads wrote over what a floor allows at the batch size they reached: one batch per bare write and
     * fdatasync of a batch's bytes, plus {@code extraNs} per batch.
     *
     * @param extraNs what the floor adds to each batch's fdatasync, or {@code null} where not measured
     */
    private static Double syncFloorFraction(Inputs in, Double extraNs) {
        Double perSecond = in.perSecond("AuditBenchmark.sync8", 8);
        Double batch = in.extra().get("audit_sync_8t_records_per_write");
        Double fsyncNs = in.meanNs("FsyncFloorBenchmark.writeBatchAndForce");
        return perSecond == null || batch == null || fsyncNs == null || extraNs == null ? null
                : perSecond / (batch * 1e9 / (fsyncNs + extraNs));
    }

    /** A quotient of two values, either of which may be missing. */
    private static Double quotient(Double numerator, Double denominator) {
        return numerator == null || denominator == null || denominator <= 0 ? null : numerator / denominator;
    }

    /** Nanoseconds in microseconds, where measured. */
    private static Double micros(Double nanos) {
        return nanos == null ? null : nanos / 1e3;
    }

    /** The smaller of two values, either of which may be missing. */
    private static Double min(Double a, Double b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.min(a, b);
    }

    /** Met when either target is; unknown only when neither is met and one is unknown. */
    private static Boolean either(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    private static Boolean lt(Double v, double limit) {
        return v == null ? null : v < limit;
    }

    private static Boolean ge(Double v, double limit) {
        return v == null ? null : v >= limit;
    }

    /**
     * Reads the results, writes the summary and prints the table.
     *
     * @param args {@code --jmh FILE} (repeatable), {@code --extra FILE} (repeatable), {@code --out FILE}
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        List<Path> jmhFiles = new ArrayList<>();
        List<Path> extraFiles = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            switch (a) {
                case "--jmh" -> jmhFiles.add(Path.of(args[++i]));
                case "--extra" -> extraFiles.add(Path.of(args[++i]));
                case "--out" -> out = Path.of(args[++i]);
                default -> usage("unknown option " + a);
            }
        }
        if (out == null) {
            usage("--out is required");
        }
        Map<String, Result> jmh = new LinkedHashMap<>();
        for (Path f : jmhFiles) {
            jmh.putAll(readJmh(Files.readString(f, StandardCharsets.UTF_8)));
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        for (Path f : extraFiles) {
            extra.putAll(readNumbers(Files.readString(f, StandardCharsets.UTF_8)));
        }
        Map<String, Double> values = compute(new Inputs(jmh, extra));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, toJson(values), StandardCharsets.UTF_8);
        System.out.print(table(values, jmh, extra));
        System.out.print(ratios(new Inputs(jmh, extra)));
        List<String> missing = values.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
            System.err.println("not measured yet: " + String.join(", ", missing));
        }
    }

    private static void usage(String problem) {
        System.err.println("Summary: " + problem);
        System.err.println("usage: Summary --jmh JMH.json [--jmh ...] [--extra M.json ...] --out summary.json");
        System.exit(2);
    }

    /** Every key of {@link #KEYS}, in order; {@code null} where not measured. */
    static Map<String, Double> compute(Inputs in) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Key k : KEYS) {
            Double v = k.value().apply(in);
            values.put(k.name(), v == null || v.isNaN() || v.isInfinite() ? null : v);
        }
        return values;
    }

    // ---- JMH's JSON ----

    /** The results of one JMH run ({@code -rf json}), by benchmark name and mode. */
    static Map<String, Result> readJmh(String json) throws IOException {
        Object root = parse(json);
        if (!(root instanceof List<?> runs)) {
            throw new IOException("JMH results are a JSON array");
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            String name = (String) run.get("benchmark");
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            String unit = (String) primary.get("scoreUnit");
            String mode = (String) run.get("mode");
            int threads = run.get("threads") instanceof Number n ? n.intValue() : 1;
            double score = number(primary.get("score"));
            if ("thrpt".equals(mode)) {
                // Operations per time unit, of all threads together: the time unit over it is the time per operation.
                double meanNs = nanosPer(unit.startsWith("ops/") ? unit.substring(4) + "/op" : unit) / score;
                out.put(key(name, mode, threads), new Result(name, mode, meanNs, null, null, allocation(run), score,
                        unit, threads));
                continue;
            }
            double toNs = nanosPer(unit);
            // Other modes give percentiles over iterations, not over calls.
            Map<?, ?> percentiles = "sample".equals(mode) && primary.get("scorePercentiles") instanceof Map<?, ?> m
                    ? m : Map.of();
            Double p50 = scaled(percentiles.get("50.0"), toNs);
            Double p99 = scaled(percentiles.get("99.0"), toNs);
            out.put(key(name, mode, threads), new Result(name, mode, score * toNs, p50, p99, allocation(run), score,
                    unit, threads));
        }
        return out;
    }

    /** A result's key: a benchmark can run in one mode with several thread counts ({@code -t}). */
    private static String key(String name, String mode, int threads) {
        return threads == 1 ? name + " " + mode : name + " " + mode + " " + threads;
    }

    private static Double allocation(Map<?, ?> run) {
        Double alloc = null;
        if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
            for (Map.Entry<?, ?> e : secondary.entrySet()) {
                if (String.valueOf(e.getKey()).endsWith("gc.alloc.rate.norm")) {
                    alloc = number(((Map<?, ?>) e.getValue()).get("score"));
                }
            }
        }
        return alloc;
    }

    private static Double scaled(Object v, double factor) {
        return v == null ? null : number(v) * factor;
    }

    /** Nanoseconds per unit of a JMH time-per-operation unit, e.g. 1000 for {@code us/op}. */
    static double nanosPer(String unit) throws IOException {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IOException("unexpected JMH unit " + unit + "; the summary reads time per operation");
        };
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.NaN; // JMH writes "NaN" as a string
    }

    /** A flat JSON object of numbers (or nulls), as the other measurements write them. */
    static Map<String, Double> readNumbers(String json) throws IOException {
        Object root = parse(json);
        if (!(root instanceof Map<?, ?> m)) {
            throw new IOException("expected a JSON object of numbers");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put((String) k, v instanceof Number n ? n.doubleValue() : null));
        return out;
    }

    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            Object v = value(p);
            if (p.nextToken() != null) {
                throw new IOException("text after the JSON value at " + p.currentLocation());
            }
            return v;
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("empty JSON");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t + " at " + p.currentLocation());
        }
    }

    // ---- output ----

    static String toJson(Map<String, Double> values) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, Double> e : values.entrySet()) {
                if (e.getValue() == null) {
                    g.writeNullField(e.getKey());
                } else {
                    g.writeNumberField(e.getKey(), round(e.getValue()));
                }
            }
            g.writeEndObject();
        }
        return w + System.lineSeparator();
    }

    /** Three significant digits after the point for small numbers, whole numbers for large ones. */
    static double round(double v) {
        double a = Math.abs(v);
        double scale = a >= 1000 ? 1 : a >= 10 ? 10 : a >= 1 ? 100 : 1000;
        return Math.round(v * scale) / scale;
    }

    static String table(Map<String, Double> values, Map<String, Result> jmh, Map<String, Double> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-40s %14s  %-5s %-52s %s%n", "key", "value", "unit", "target", "met"));
        Map<String, Double> shown = new LinkedHashMap<>(values);
        for (Key k : KEYS) {
            Double v = values.get(k.name());
            Boolean met = k.met() == null ? null : k.met().apply(shown);
            sb.append(String.format(Locale.ROOT, "%-40s %14s  %-5s %-52s %s%n", k.name(),
                    v == null ? "not measured" : format(v), k.unit(), k.target() == null ? "" : k.target(),
                    k.target() == null ? "" : met == null ? "-" : met ? "yes" : "NO"));
        }
        if (!jmh.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-40s %-7s %12s %12s %12s %12s%n", "benchmark", "mode",
                    "mean ns", "p50 ns", "p99 ns", "alloc B/op"));
            for (Result r : jmh.values()) {
                String name = r.benchmark().substring(r.benchmark().lastIndexOf('.',
                        r.benchmark().lastIndexOf('.') - 1) + 1);
                name += r.threads() == 1 ? "" : ", " + r.threads() + " threads";
                sb.append(String.format(Locale.ROOT, "%-40s %-7s %12s %12s %12s %12s%n", name, r.mode(),
                        format(r.meanNs()), r.p50Ns() == null ? "" : format(r.p50Ns()),
                        r.p99Ns() == null ? "" : format(r.p99Ns()),
                        r.allocBytes() == null ? "" : format(r.allocBytes())));
            }
        }
        List<String> others = extra.keySet().stream().filter(k -> !values.containsKey(k)).toList();
        if (!others.isEmpty()) {
            sb.append(System.lineSeparator());
        }
        for (String k : others) {
            sb.append(String.format(Locale.ROOT, "%-40s %14s%n", k, extra.get(k) == null ? "" : format(extra.get(k))));
        }
        return sb.toString();
    }

    static String ratios(Inputs in) {
        StringBuilder sb = new StringBuilder();
        for (List<String> pair : RATIOS_SHOWN) {
            Double r = in.ratio(pair.get(0), pair.get(1));
            if (r != null) {
                sb.append(String.format(Locale.ROOT, "%-75s %10s%n", "mean " + pair.get(0) + " / " + pair.get(1),
                        format(r)));
            }
        }
        return sb.length() == 0 ? "" : System.lineSeparator() + sb;
    }

    private static String format(double v) {
        double r = round(v);
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) r)
                : String.valueOf(r);
    }
}
