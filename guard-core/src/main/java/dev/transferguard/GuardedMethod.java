package dev.transferguard;

import dev.transferguard.internal.classify.Classification;
import dev.transferguard.internal.classify.MethodPlan;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A method annotated {@link dev.transferguard.annotation.GuardedTransfer}, planned once by
 * {@link Guard#method(java.lang.reflect.Method, Class)}: it turns the arguments of a call into a transfer,
 * decides it, and runs the call only when it may go ahead. Integrations (a proxy, an aspect) call
 * {@link #invoke(Object[], Invocation)} around the real call.
 *
 * <p>Thread-safe.
 */
public final class GuardedMethod {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedMethod.class);

    private final Guard guard;
    private final MethodPlan plan;

    GuardedMethod(Guard guard, MethodPlan plan) {
        this.guard = guard;
        this.plan = plan;
    }

    /** The real call, run when the transfer may go ahead. */
    @FunctionalInterface
    public interface Invocation {
        /**
         * Runs the call.
         *
         * @return what the method returned
         * @throws Throwable what the method threw
         */
        Object proceed() throws Throwable;
    }

    MethodPlan plan() {
        return plan;
    }

    /**
     * {@code Class.method}, for messages and records.
     *
     * @return the method's name
     */
    public String name() {
        return plan.name();
    }

    /**
     * The transfer a call with these arguments would make, without deciding it.
     *
     * @param args the arguments
     * @return the transfer, its subject ids pseudonymised as the guard records them (so not to be given to
     *         {@link Guard#decide(Transfer)} of a guard with an audit log, which would pseudonymise them
     *         again), or empty when the arguments hold no personal data or the destination URL's host has no rule
     * @throws InvalidTransferException if the arguments cannot be classified
     * @throws dev.transferguard.audit.AuditException if the guard's audit log cannot pseudonymise subject ids
     */
    public Optional<Transfer> transfer(Object... args) {
        Classification what = plan.classify(args);
        if (what.isEmpty()) {
            return Optional.empty();
        }
        String destination = plan.destination(args, guard.hosts());
        return destination == null ? Optional.empty()
                : Optional.of(guard.enforcement().pseudonymise(
                        plan.transfer(what, destination, guard.bases(), guard.entity())));
    }

    /**
     * Decides the transfer a call makes and, when it may go ahead, runs the call inside a
     * {@link GuardedCall}, so that outbound HTTP calls it makes are checked too. Arguments that hold no
     * personal data are not decided; in {@link Mode#OFF} nothing is.
     *
     * @param args       the arguments
     * @param invocation the real call
     * @return what the call returned
     * @throws TransferDeniedException  in enforce mode, when the transfer is denied; the call does not run
     * @throws InvalidTransferException in enforce mode, if the arguments cannot be classified or decided; the
     *                                  call does not run (in monitor mode it runs, and the failure is logged
     *                                  at ERROR)
     * @throws Throwable                what the call threw
     */
    public Object invoke(Object[] args, Invocation invocation) throws Throwable {
        if (guard.mode() == Mode.OFF) {
            return invocation.proceed();
        }
        Transfer transfer = null;
        Decision decision = null;
        try {
            Classification what = plan.classify(args);
            if (!what.isEmpty()) {
                String destination = plan.destination(args, guard.hosts());
                if (destination == null) {
                    guard.enforcement().unmappedHost(plan.name(), plan.destinationHost(args), false);
                } else {
                    // With an audit log the ids are still as read: the verdict's transfer has them pseudonymised.
                    DecisionPath.Verdict v = guard.enforcement()
                            .enforceFor(plan.transfer(what, destination, guard.bases(), guard.entity()), plan.name());
                    transfer = v.transfer();
                    decision = v.decision();
                }
            }
        } catch (TransferDeniedException e) {
            throw e;
        } catch (GuardException e) {
            if (guard.mode() == Mode.ENFORCE) {
                // Fail closed: what cannot be classified or decided does not run.
                throw e;
            }
            LOG.error("Monitor mode let through a call of {} that could not be classified or decided; enforce mode"
                    + " would stop it: {}", plan.name(), e.getMessage());
        }
        if (transfer == null || decision == null) {
            return invocation.proceed();
        }
        GuardedCall call = GuardedCall.open(guard, plan, transfer, decision);
        try {
            return invocation.proceed();
        } finally {
            call.close();
        }
    }

    @Override
    public String toString() {
        return "GuardedMethod[" + plan.name() + "]";
    }
}
