package dev.transferguard.spring.metrics;

import dev.transferguard.Decision;
import dev.transferguard.Mode;
import dev.transferguard.DecisionListener;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of the guard's decisions.
 *
 * <ul>
 *   <li>{@code guard.decisions} (counter), tag {@code outcome}: {@code allow}, {@code deny}, or, in monitor
 *   mode, {@code would-deny} (a denial that was let through): one count per decision, so that the sum is the
 *   number of decisions;</li>
 *   <li>{@code guard.pack.verdicts} (counter), tags {@code pack} and {@code outcome} ({@code allow} or
 *   {@code deny}): one count per policy pack that had a say in a decision, with that pack's verdict
 *   ({@code bundle} when no pack applied, {@code guard} for hosts no rule maps);</li>
 *   <li>{@code guard.decision.duration} (timer), tag {@code outcome}: how long deciding took.</li>
 * </ul>
 */
public final class GuardMetrics implements DecisionListener {

    /** The name of the decision counter: one count per decision. */
    public static final String DECISIONS = "guard.decisions";
    /** The name of the per-pack verdict counter. */
    public static final String PACK_VERDICTS = "guard.pack.verdicts";
    /** The name of the decision timer. */
    public static final String DURATION = "guard.decision.duration";

    private final MeterRegistry registry;
    private final Timer allowTime;
    private final Timer denyTime;
    private final Counter allowed;
    private final Counter denied;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    /**
     * Creates the meters in a registry, for a guard that enforces its decisions.
     *
     * @param registry the registry
     */
    public GuardMetrics(MeterRegistry registry) {
        this(registry, Mode.ENFORCE);
    }

    /**
     * Creates the meters in a registry.
     *
     * @param registry the registry
     * @param mode     the guard's mode: in monitor mode a denial is counted as {@code would-deny}
     */
    public GuardMetrics(MeterRegistry registry, Mode mode) {
        this.registry = registry;
        this.allowTime = timer("allow");
        this.denyTime = timer("deny");
        this.allowed = decisions("allow");
        this.denied = decisions(mode == Mode.MONITOR ? "would-deny" : "deny");
    }

    private Timer timer(String outcome) {
        return Timer.builder(DURATION).description("Time to decide a transfer").tag("outcome", outcome)
                .register(registry);
    }

    private Counter decisions(String outcome) {
        return Counter.builder(DECISIONS).description("Transfer decisions").baseUnit("decisions")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public void decided(Transfer transfer, Decision decision, long nanos) {
        boolean allow = decision.allowed();
        (allow ? allowTime : denyTime).record(nanos, TimeUnit.NANOSECONDS);
        (allow ? allowed : denied).increment();
        Map<String, Boolean> denyingPacks = new LinkedHashMap<>();
        for (Reason r : decision.reasons()) {
            boolean denies = r.kind() == Reason.Kind.DENY || r.kind() == Reason.Kind.UNMET;
            denyingPacks.merge(r.pack(), denies, Boolean::logicalOr);
        }
        if (denyingPacks.isEmpty()) {
            denyingPacks.put("bundle", !allow);
        }
        denyingPacks.forEach((pack, denies) -> verdict(pack, denies ? "deny" : "allow").increment());
    }

    private Counter verdict(String pack, String outcome) {
        return verdicts.computeIfAbsent(pack + "\u0000" + outcome, k -> Counter.builder(PACK_VERDICTS)
                .description("Verdicts of the policy packs that had a say in a decision").baseUnit("verdicts")
                .tag("outcome", outcome).tag("pack", pack.toLowerCase(Locale.ROOT)).register(registry));
    }
}
