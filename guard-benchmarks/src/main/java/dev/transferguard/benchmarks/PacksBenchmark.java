package dev.transferguard.benchmarks;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;
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
 * One decision with all shipped packs loaded, on realistic transfers under the CN, EU, US and RU packs and
 * outside them, through the public API: {@link Guard#preview}, which reads the counters without advancing them,
 * so that every call sees the same state. Each call decides new objects: the transfers read anew from their
 * JSON {@value #COPIES} times over ({@link Resources#freshCopies}), as an application makes a new transfer for
 * each call. Sample-time mode gives the median and p99, average-time mode the mean. The setup refuses to run
 * unless the transfers hold both allowed and denied ones; guard-core's {@code ShippedPacksAgreementTest} checks
 * that the compiled evaluator decides them as its reference interpreter does.
 *
 * <p>A denial also carries its remedies, found by trying sets of legal bases: {@code compiledAllowed} times
 * the allowed transfers alone.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class PacksBenchmark {

    /** How many times each transfer is read anew: no call decides the objects of the call before. */
    static final int COPIES = 8;

    private Guard guard;
    private Transfer[] transfers;
    private Transfer[] allowed;
    private int next;
    private int nextAllowed;

    /** Loads the packs and checks that the transfers hold both outcomes. */
    @Setup(Level.Trial)
    public void setUp() {
        PolicyBundle packs = ShippedPacks.load();
        guard = Guard.builder().policies(packs).build();
        transfers = Resources.freshCopies(ShippedPacks.transfers(), COPIES);
        ShippedPacks.requireBothOutcomes(guard, List.of(transfers));
        allowed = List.of(transfers).stream().filter(t -> guard.preview(t).allowed()).toArray(Transfer[]::new);
    }

    private Transfer nextTransfer() {
        Transfer t = transfers[next];
        next = next + 1 == transfers.length ? 0 : next + 1;
        return t;
    }

    /** @return the compiled evaluator's decision, with its reasons and remedies */
    @Benchmark
    public Decision compiled() {
        return guard.preview(nextTransfer());
    }

    private Transfer nextAllowed() {
        Transfer t = allowed[nextAllowed];
        nextAllowed = nextAllowed + 1 == allowed.length ? 0 : nextAllowed + 1;
        return t;
    }

    /** @return the compiled evaluator's decision on an allowed transfer */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Decision compiledAllowed() {
        return guard.preview(nextAllowed());
    }

    /**
     * What sample-time mode adds to every call it times, with no decision: the clock read before and after, and
     * picking the next transfer. The median decision is read beside it, since on some machines a clock read is
     * a sizeable part of it.
     *
     * @return the next transfer
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Transfer sampleOfNothing() {
        return nextTransfer();
    }
}
