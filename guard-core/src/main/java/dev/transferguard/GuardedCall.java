package dev.transferguard;

import dev.transferguard.internal.classify.MethodPlan;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A guarded method's call in progress on this thread: the transfer it makes and the decision that let it
 * run. HTTP client integrations ask it, before sending, whether the host they are about to call is in a
 * jurisdiction the decision covers.
 *
 * <pre>{@code
 * GuardedCall.current().ifPresent(call -> call.checkOutbound(request.getURI()));
 * }</pre>
 *
 * <p>A call to a host in the decided destination goes ahead. A host in another jurisdiction is decided as a
 * transfer of the same data there, with the bases on file for that destination; a host no rule maps is
 * stopped unless the guard allows unmapped hosts. In enforce mode a denial throws
 * {@link TransferDeniedException} before any byte is sent; in monitor mode it is logged. Work the method
 * hands to other threads is inside the call when it is handed over with {@link #wrap(Runnable)} or runs in
 * {@link #attach()} (the Spring Boot starter does so for task executors, {@code @Async} methods and Reactor);
 * calls made after the guarded method returned are not inside it.
 */
public final class GuardedCall implements AutoCloseable {

    private static final ThreadLocal<GuardedCall> CURRENT = new ThreadLocal<>();

    private final Guard guard;
    private final MethodPlan plan;
    private final Transfer transfer;
    private final Decision decision;
    private final GuardedCall outer;
    /**
     * Decisions of other jurisdictions, by code; threads the call was handed to share them. Made on the first
     * outbound call elsewhere: most guarded calls make none.
     */
    private volatile Map<String, Decision> checked;

    private GuardedCall(Guard guard, MethodPlan plan, Transfer transfer, Decision decision, GuardedCall outer) {
        this.guard = guard;
        this.plan = plan;
        this.transfer = transfer;
        this.decision = decision;
        this.outer = outer;
    }

    static GuardedCall open(Guard guard, MethodPlan plan, Transfer transfer, Decision decision) {
        GuardedCall call = new GuardedCall(guard, plan, transfer, decision, CURRENT.get());
        CURRENT.set(call);
        return call;
    }

    /**
     * The innermost guarded call in progress on this thread.
     *
     * @return the call, or empty outside guarded methods (and for calls that hold no personal data)
     */
    public static Optional<GuardedCall> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The transfer the call makes.
     *
     * @return the transfer, with pseudonymous subject ids
     */
    public Transfer transfer() {
        return transfer;
    }

    /**
     * The decision that let the call run.
     *
     * @return the decision (a denial only in monitor mode)
     */
    public Decision decision() {
        return decision;
    }

    /**
     * {@code Class.method} of the guarded method.
     *
     * @return the method's name
     */
    public String method() {
        return plan.name();
    }

    /**
     * Checks an outbound request to a URL inside this call.
     *
     * @param uri the request's URL
     * @return the decision covering the host's jurisdiction
     * @throws TransferDeniedException in enforce mode, when the host's jurisdiction is denied or no rule maps it
     */
    public Decision checkOutbound(URI uri) {
        Objects.requireNonNull(uri, "uri");
        return checkOutbound(uri.getHost(), MethodPlan.port(uri));
    }

    /**
     * Checks an outbound connection to a host inside this call.
     *
     * @param host the host name or address
     * @param port the port, or {@code -1}
     * @return the decision covering the host's jurisdiction
     * @throws TransferDeniedException in enforce mode, when the host's jurisdiction is denied or no rule maps it
     */
    public Decision checkOutbound(String host, int port) {
        String jurisdiction = guard.hosts().jurisdictionOf(host, port).orElse(null);
        if (jurisdiction == null) {
            return guard.enforcement().unmappedHost(plan.name(), host, true);
        }
        if (jurisdiction.equals(transfer.destination())) {
            return decision;
        }
        Map<String, Decision> seen = checked;
        Decision known = seen == null ? null : seen.get(jurisdiction);
        if (known != null) {
            return known;
        }
        Transfer there = new Transfer(transfer.action(), transfer.date(), transfer.origin(), jurisdiction,
                transfer.categories(), transfer.subjects(), transfer.entity(), transfer.recipient(),
                transfer.transaction(), transfer.purpose(),
                guard.bases().forTransfer(transfer.recipient().name(), jurisdiction));
        Decision d = guard.enforcement().outbound(there, plan.name(), host);
        if (seen == null) {
            synchronized (this) {
                if (checked == null) {
                    checked = new ConcurrentHashMap<>(4);
                }
                seen = checked;
            }
        }
        seen.put(jurisdiction, d);
        return d;
    }

    /** The call made current on a thread by {@link #attach()}, until closed. */
    public interface Scope extends AutoCloseable {
        /** Makes current again what was current before. */
        @Override
        void close();
    }

    /**
     * Makes this call current on the calling thread until the scope is closed: for work the guarded method hands
     * to another thread, so that what that work sends is checked as if the method sent it.
     *
     * @return the scope, to close when the work is done
     */
    public Scope attach() {
        GuardedCall before = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(before);
    }

    /**
     * Makes no call current on the calling thread until the scope is closed: for a thread that runs work
     * from outside any guarded call, as context propagation asks.
     *
     * @return the scope, to close when the work is done
     */
    public static Scope none() {
        GuardedCall before = CURRENT.get();
        CURRENT.set(null);
        return () -> CURRENT.set(before);
    }

    /**
     * A task that runs inside this call on whichever thread runs it.
     *
     * @param task the work
     * @return the task, attached to this call while it runs
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = attach()) {
                task.run();
            }
        };
    }

    /**
     * A task that runs inside the guarded call current on this thread, if there is one.
     *
     * @param task the work
     * @return the task wrapped by {@link #wrap(Runnable)}, or the task itself outside guarded calls
     */
    public static Runnable propagate(Runnable task) {
        GuardedCall call = CURRENT.get();
        return call == null ? task : call.wrap(task);
    }

    /** Ends the call: the guarded method returned or threw. */
    @Override
    public void close() {
        // Setting null rather than removing keeps the thread's map entry for its next guarded call; it holds
        // nothing.
        CURRENT.set(outer);
    }
}
