package dev.transferguard.spring;

import dev.transferguard.GuardedMethod;

/**
 * Wraps each guarded call, for example in a Micrometer {@code Observation}: the starter gives the aspect one
 * when the application has an {@code ObservationRegistry}.
 */
@FunctionalInterface
public interface GuardedCallObserver {

    /**
     * Runs a guarded call, observed.
     *
     * @param method the guarded method
     * @param call   the call: deciding it and, when it may go ahead, running it
     * @return what the call returned
     * @throws Throwable a denial, or what the method threw
     */
    Object observe(GuardedMethod method, GuardedMethod.Invocation call) throws Throwable;
}
