package dev.transferguard.benchmarks;

import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading every shipped pack: reading the files, parsing, validating every name and compiling. Each
 * iteration is one load; the warm-up iterations let the JIT compile the loader, as in a service that
 * reloads its policies. The first load in a fresh JVM is measured by {@link HeapAfterLoad}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 30)
@Fork(2)
public class LoadBenchmark {

    private Path policies;

    /** Finds the packs. */
    @Setup(Level.Trial)
    public void setUp() {
        policies = Resources.policies();
    }

    /** @return the loaded bundle */
    @Benchmark
    public PolicyBundle loadAllPacks() {
        return PolicyBundle.load(policies);
    }
}
