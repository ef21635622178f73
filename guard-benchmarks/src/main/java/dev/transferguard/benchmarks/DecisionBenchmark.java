package dev.transferguard.benchmarks;

import com.cedarpolicy.model.AuthorizationResponse;
import io.sapl.api.pdp.AuthorizationDecision;
import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision on the comparison policy (see {@code comparison/README.md}) by Transfer Guard, Cedar,
 * jCasbin and SAPL. Each call decides the next of the benchmark's transfers, in turn, each read anew from its
 * JSON as many times over as in {@link PacksBenchmark}, so that no engine decides the objects of the call before;
 * the answer is returned, so JMH consumes it and the work cannot be eliminated. The setup refuses to run unless
 * the engines give the same decision on every transfer.
 *
 * <p>Average-time mode gives the mean that the ratios between engines are taken from: it spreads the rare
 * pauses of the machine over all calls instead of over the few sampled ones. (PacksBenchmark gives
 * Transfer Guard's percentiles.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class DecisionBenchmark {

    private Guard guard;
    private CedarEngine cedar;
    private CasbinEngine casbinRules;
    private CasbinEngine casbinMatcher;
    private SaplEngine sapl;
    private Transfer[] transfers;
    private int next;

    /** Loads the engines and checks that they agree. */
    @Setup(Level.Trial)
    public void setUp() {
        guard = Comparison.guard();
        cedar = new CedarEngine();
        casbinRules = CasbinEngine.rules();
        casbinMatcher = CasbinEngine.matcher();
        sapl = new SaplEngine();
        transfers = Resources.freshCopies(Comparison.transfers(), PacksBenchmark.COPIES);
        Comparison.requireNoCounting(guard.policies(), List.of(transfers));
        Comparison.requireAgreement(Comparison.engines(guard, cedar, casbinRules, casbinMatcher, sapl), List.of(transfers));
    }

    /** Stops SAPL's PDP. */
    @TearDown(Level.Trial)
    public void tearDown() {
        sapl.close();
    }

    private Transfer nextTransfer() {
        Transfer t = transfers[next];
        next = next + 1 == transfers.length ? 0 : next + 1;
        return t;
    }

    /**
     * The call an application makes. The comparison policy has no volume counters, so {@code decide} counts
     * nothing and takes no lock, and every call sees the same state.
     *
     * @return Transfer Guard's decision, with its reasons and remedies
     */
    @Benchmark
    public Decision guard() {
        return guard.decide(nextTransfer());
    }

    /** @return Cedar's answer */
    @Benchmark
    public AuthorizationResponse cedar() {
        return cedar.authorize(nextTransfer());
    }

    /** @return jCasbin's answer, the rules as policy lines ({@code eval(p.rule)}) */
    @Benchmark
    public boolean jcasbin() {
        return casbinRules.allowed(nextTransfer());
    }

    /** @return jCasbin's answer, the rules in the matcher */
    @Benchmark
    public boolean jcasbinMatcher() {
        return casbinMatcher.allowed(nextTransfer());
    }

    /** @return SAPL's decision, from its embedded PDP */
    @Benchmark
    public AuthorizationDecision sapl() {
        return sapl.decide(nextTransfer());
    }
}
