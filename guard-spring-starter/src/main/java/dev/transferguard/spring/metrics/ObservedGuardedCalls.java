package dev.transferguard.spring.metrics;

import dev.transferguard.GuardedMethod;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.spring.GuardedCallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * An {@link Observation} named {@value #NAME} around each guarded call, with the low-cardinality keys
 * {@code method} ({@code Class.method}) and {@code outcome}: {@code allowed} (the method ran and returned),
 * {@code denied} (the guard stopped it), or {@code failed} (it threw something else). Tracing and timing
 * handlers of the registry see the guard's decision as part of the request.
 */
public final class ObservedGuardedCalls implements GuardedCallObserver {

    /** The observation's name. */
    public static final String NAME = "guard.call";

    private final ObservationRegistry registry;

    /**
     * Creates the observer.
     *
     * @param registry where observations go
     */
    public ObservedGuardedCalls(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object observe(GuardedMethod method, GuardedMethod.Invocation call) throws Throwable {
        Observation observation = Observation.createNotStarted(NAME, registry).contextualName(method.name())
                .lowCardinalityKeyValue("method", method.name()).start();
        try (Observation.Scope scope = observation.openScope()) {
            Object result = call.proceed();
            observation.lowCardinalityKeyValue("outcome", "allowed");
            return result;
        } catch (TransferDeniedException e) {
            observation.lowCardinalityKeyValue("outcome", "denied");
            observation.error(e);
            throw e;
        } catch (Throwable t) {
            observation.lowCardinalityKeyValue("outcome", "failed");
            observation.error(t);
            throw t;
        } finally {
            observation.stop();
        }
    }
}
