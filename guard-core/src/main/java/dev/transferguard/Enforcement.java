package dev.transferguard;

import dev.transferguard.audit.Caller;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.internal.EngineDecision;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on decisions by the guard's {@link Mode}: in enforce mode a denial throws, in monitor mode it is
 * logged and the transfer goes ahead, and when the guard is off nothing is decided.
 */
final class Enforcement {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final Mode mode;
    private final boolean allowUnmappedHosts;
    private final Caller caller;
    private final DecisionPath decisions;

    Enforcement(Mode mode, boolean allowUnmappedHosts, Caller caller, DecisionPath decisions) {
        this.mode = mode;
        this.allowUnmappedHosts = allowUnmappedHosts;
        this.caller = caller;
        this.decisions = decisions;
    }

    Mode mode() {
        return mode;
    }

    /** Decides a transfer for the guard's caller and acts on the decision; see {@link Guard#enforce(Transfer)}. */
    Decision enforce(Transfer transfer) {
        return enforce(transfer, caller).decision();
    }

    /**
     * Enforces for a guarded method, which the audit record names as the caller's method.
     *
     * @return the decision and the transfer as decided, its ids pseudonymised
     */
    DecisionPath.Verdict enforceFor(Transfer transfer, String method) {
        return enforce(transfer, callerOf(method));
    }

    /**
     * A guarded method's transfer as the guard would decide it, without deciding it.
     *
     * @throws dev.transferguard.audit.AuditException if the audit recorder cannot pseudonymise its ids
     */
    Transfer pseudonymise(Transfer transfer) {
        return decisions.pseudonymise(transfer);
    }

    private Caller callerOf(String method) {
        return new Caller(caller.service(), method);
    }

    private DecisionPath.Verdict enforce(Transfer transfer, Caller who) {
        if (mode == Mode.OFF) {
            return new DecisionPath.Verdict(transfer, off(), null);
        }
        DecisionPath.Verdict v = decisions.decide(transfer, who, true, false);
        Decision d = v.decision();
        if (d.allowed()) {
            return v;
        }
        if (mode == Mode.ENFORCE) {
            TransferDeniedException denied = new TransferDeniedException(d);
            if (v.failed() != null) {
                denied.initCause(v.failed());
            }
            throw denied;
        }
        if (v.failed() != null) {
            LOG.error("Monitor mode let through a transfer that {}: {} -> {} ({}): {}",
                    v.failed() instanceof CounterStoreException ? "the counter store could not count"
                            : "the audit log could not record",
                    transfer.origin(), transfer.destination(), String.join(", ", transfer.categories()),
                    v.failed().getMessage());
        } else {
            LOG.warn("Monitor mode let through a transfer that enforce mode would deny: {} -> {} ({}): {}",
                    transfer.origin(), transfer.destination(), String.join(", ", transfer.categories()),
                    d.explain());
        }
        return v;
    }

    /**
     * Decides an outbound call's transfer to a jurisdiction other than the one decided for its method. The
     * transfer is the call's, as decided: its ids are pseudonyms already and are not pseudonymised again.
     */
    Decision outbound(Transfer transfer, String method, String host) {
        if (mode == Mode.OFF) {
            return off();
        }
        Decision d = decisions.decide(transfer, callerOf(method), true, true).decision();
        if (!d.allowed()) {
            String what = "Outbound call from " + method + " to " + host + " (" + transfer.destination() + "): ";
            if (mode == Mode.ENFORCE) {
                throw new TransferDeniedException(what + "transfer " + d.explain(), d);
            }
            LOG.warn("Monitor mode let through an outbound call that enforce mode would stop. {}{}", what,
                    d.explain());
        }
        return d;
    }

    /**
     * Acts on a host no rule maps: stops the call in enforce mode (unless unmapped hosts are allowed for
     * outbound calls), logs it in monitor mode.
     */
    Decision unmappedHost(String method, String host, boolean outbound) {
        String because = "no host rule gives the jurisdiction of host " + host;
        Decision d = EngineDecision.denial(new Reason("guard", "unmapped-host", Reason.Kind.DENY, because,
                "host rules"), decisions.current().digest());
        if (mode == Mode.OFF || (outbound && allowUnmappedHosts)) {
            return off();
        }
        String what = (outbound ? "Outbound call from " : "Call of ") + method + ": ";
        if (mode == Mode.ENFORCE) {
            throw new TransferDeniedException(what + "transfer denied: " + because + "; add a host rule", d);
        }
        LOG.warn("Monitor mode let through a call that enforce mode would stop. {}{}", what, because);
        return d;
    }

    /** What a guard that is off answers: an allowance that says so. */
    private Decision off() {
        return new EngineDecision(Outcome.ALLOW, List.of(), List.of(),
                List.of(new Reason("guard", "off", Reason.Kind.DEFAULT, "the guard is off", "mode")), List.of(),
                decisions.current().digest());
    }
}
