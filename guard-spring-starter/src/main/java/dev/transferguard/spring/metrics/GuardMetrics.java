package dev.transferguard.spring.metrics;

import dev.transferguard.Decision;
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
 *   <li>{@code guard.decisions} (counter), tags {@code outcome} ({@code allow} or {@code deny}) and
 *   {@code pack}: one count per policy pack that had a say in a decision, with that pack's verdict
 *   ({@code bundle} when no pack applied, {@code guard} for hosts no rule maps);</li>
 *   <li>{@code guard.decision.duration} (timer), tag {@code outcome}: how long deciding took.</li>
 * </ul>
 */
public final class GuardMetrics implements DecisionListener {

    /** The name of the decision counter. */
    public static final String DECISIONS = "guard.decisions";
    /** The name of the decision timer. */
    public static final String DURATION = "guard.decision.duration";

    private final MeterRegistry registry;
    private final Timer allowTime;
    private final Timer denyTime;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Creates the meters in a registry.
     *
     * @param registry the registry
     */
    public GuardMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.allowTime = timer("allow");
        this.denyTime = timer("deny");
    }

    private Timer timer(String outcome) {
        return Timer.builder(DURATION).description("Time to decide a transfer").tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void decided(Transfer transfer, Decision decision, long nanos) {
        (decision.allowed() ? allowTime : denyTime).record(nanos, TimeUnit.NANOSECONDS);
        Map<String, Boolean> denyingPacks = new LinkedHashMap<>();
        for (Reason r : decision.reasons()) {
            boolean denies = r.kind() == Reason.Kind.DENY || r.kind() == Reason.Kind.UNMET;
            denyingPacks.merge(r.pack(), denies, Boolean::logicalOr);
        }
        if (denyingPacks.isEmpty()) {
            denyingPacks.put("bundle", !decision.allowed());
        }
        denyingPacks.forEach((pack, denies) -> counter(pack, denies ? "deny" : "allow").increment());
    }

    private Counter counter(String pack, String outcome) {
        return counters.computeIfAbsent(pack + "\u0000" + outcome, k -> Counter.builder(DECISIONS)
                .description("Transfer decisions, per policy pack and verdict")
                .tag("outcome", outcome).tag("pack", pack.toLowerCase(Locale.ROOT)).register(registry));
    }
}
