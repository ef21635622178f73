package dev.transferguard.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a decision's time goes, from a JFR recording of {@code PacksBenchmark.compiled} made in the same run as
 * the timed figures ({@code run.sh} records one with JMH's {@code jfr} profiler). Each execution sample of the
 * benchmark's thread counts for the step of the compiled bundle's {@code decide} it was taken in, or for the
 * look-up of the transfer's values when it was taken in the lock-free {@code keptWithoutCounters} a preview asks
 * first:
 *
 * <ul>
 *   <li>{@code decision_profile_memo_share}: finding the transfer's values among those decided before (hashing
 *       and comparing them, {@code TransferMemo});
 *   <li>{@code decision_profile_names_share}: translating the transfer's names into the policies' indexes
 *       ({@code Program.readNames}), for values not decided before;
 *   <li>{@code decision_profile_string_compare_share}: of those two steps, the samples inside
 *       {@code String.equals}, comparing a name with another string character by character;
 *   <li>{@code decision_profile_shape_share}: writing the facts' shape and finding the decision kept for it;
 *   <li>{@code decision_profile_evaluation_share}: evaluating the packs for facts not decided before;
 *   <li>{@code decision_profile_outside_share}: the rest, outside the bundle's {@code decide}: the guard's entry,
 *       its lock, JMH's loop.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar dev.transferguard.benchmarks.DecisionProfile --jfr DIR --out OUT.json
 * </pre>
 */
public final class DecisionProfile {

    private static final String USAGE = "DecisionProfile --jfr DIR --out OUT.json";
    private static final String BENCHMARK_THREAD = "PacksBenchmark.compiled";
    private static final String BUNDLE = "dev.transferguard.policy.internal.eval.CompiledBundle";

    /** The steps of a decision a sample can fall in. */
    enum Step { MEMO, NAMES, SHAPE, EVALUATION, OUTSIDE }

    private DecisionProfile() {
    }

    /**
     * Reads every recording under {@code --jfr} and writes the shares.
     *
     * @param args {@code --jfr DIR} and {@code --out FILE}
     * @throws IOException if a recording cannot be read or the result written
     */
    public static void main(String[] args) throws IOException {
        Options o = Options.parse("DecisionProfile", USAGE, args, List.of("--jfr", "--out"), Map.of());
        List<Path> recordings;
        try (Stream<Path> files = Files.walk(o.path("--jfr"))) {
            recordings = files.filter(f -> f.getFileName().toString().endsWith(".jfr")).sorted().toList();
        }
        Shares shares = new Shares();
        for (Path recording : recordings) {
            for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
                if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getThread("sampledThread") != null
                        && String.valueOf(e.getThread("sampledThread").getJavaName()).contains(BENCHMARK_THREAD)) {
                    shares.add(e.getStackTrace());
                }
            }
        }
        if (shares.samples == 0) {
            throw new IllegalStateException("no execution sample of " + BENCHMARK_THREAD + " in " + recordings);
        }
        String json = shares.json();
        Options.write(o.path("--out"), json);
        System.out.print(json);
    }

    /** Samples counted by step. */
    static final class Shares {
        private final long[] bySteps = new long[Step.values().length];
        private long stringCompares;
        private long samples;

        void add(RecordedStackTrace stack) {
            if (stack != null) {
                add(stack.getFrames().stream().filter(RecordedFrame::isJavaFrame)
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList());
            }
        }

        /** Counts a sample by its Java frames, innermost first. */
        void add(List<String> methods) {
            if (methods.isEmpty()) {
                return;
            }
            Step step = step(methods);
            samples++;
            bySteps[step.ordinal()]++;
            String top = methods.get(0);
            if ((step == Step.NAMES || step == Step.MEMO) && top.startsWith("java.lang.String")
                    && top.endsWith(".equals")) {
                stringCompares++;
            }
        }

        /**
         * The step of a sample, from its frames, innermost first: the method that the bundle's {@code decide}
         * called tells the step; the bundle's lock-free look-up is the memo's.
         */
        static Step step(List<String> methods) {
            for (int i = 0; i < methods.size(); i++) {
                if (methods.get(i).equals(BUNDLE + ".keptWithoutCounters")) {
                    return Step.MEMO;   // the preview's lock-free look-up, before any decide
                }
                if (methods.get(i).equals(BUNDLE + ".decide")) {
                    if (i == 0) {
                        return Step.OUTSIDE;   // in decide's own code: a step of none of its callees
                    }
                    String callee = methods.get(i - 1);
                    if (callee.endsWith("TransferMemo.hash") || callee.endsWith("TransferMemo.get")
                            || callee.endsWith("DecisionTrie.withoutCounters")) {
                        return Step.MEMO;
                    }
                    if (callee.endsWith("Program.readNames") || callee.endsWith("Program.readNamesAfterLookup")) {
                        return Step.NAMES;
                    }
                    if (callee.endsWith("ShapeMemo$Shape.fill") || callee.endsWith("ShapeMemo.get")
                            || callee.endsWith("DecisionTrie.find") || callee.endsWith("Program.readForLookup")) {
                        return Step.SHAPE;
                    }
                    return callee.endsWith("Facts.release") ? Step.OUTSIDE : Step.EVALUATION;
                }
            }
            return Step.OUTSIDE;
        }

        double share(Step step) {
            return bySteps[step.ordinal()] / (double) samples;
        }

        double stringCompareShare() {
            return stringCompares / (double) samples;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"decision_profile_samples\": %d, \"decision_profile_memo_share\": "
                    + "%.3f, \"decision_profile_names_share\": %.3f, \"decision_profile_string_compare_share\": %.3f,"
                    + " \"decision_profile_shape_share\": %.3f, \"decision_profile_evaluation_share\": %.3f,"
                    + " \"decision_profile_outside_share\": %.3f}%n",
                    samples, share(Step.MEMO), share(Step.NAMES), stringCompareShare(),
                    share(Step.SHAPE), share(Step.EVALUATION), share(Step.OUTSIDE));
        }
    }
}
