package dev.transferguard.spring.actuate;

import dev.transferguard.Decision;
import dev.transferguard.DecisionListener;
import dev.transferguard.Transfer;
import java.util.concurrent.atomic.LongAdder;

/** Counts the guard's decisions since startup, for the {@code guard} actuator endpoint. */
public final class DecisionTally implements DecisionListener {

    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();

    @Override
    public void decided(Transfer transfer, Decision decision, long nanos) {
        (decision.allowed() ? allowed : denied).increment();
    }

    /**
     * How many transfers were allowed.
     *
     * @return the count since startup
     */
    public long allowed() {
        return allowed.sum();
    }

    /**
     * How many transfers were denied (and, in monitor mode, let through).
     *
     * @return the count since startup
     */
    public long denied() {
        return denied.sum();
    }
}
