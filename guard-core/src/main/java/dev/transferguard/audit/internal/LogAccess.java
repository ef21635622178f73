package dev.transferguard.audit.internal;

import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.internal.write.QueuedEntry;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gives the engine the parts of an {@link AuditLog} it needs to keep counters and records in step,
 * without putting them in the public API.
 */
public final class LogAccess {

    /** What the engine may do with a log. */
    public interface Hooks {
        /**
         * @param transfer a transfer as given
         * @return the same transfer with its subject ids pseudonymised
         * @throws dev.transferguard.audit.AuditException when it has ids and the log has no pseudonym key
         */
        Transfer pseudonymise(Transfer transfer);

        /**
         * Queues a record whose transfer is already pseudonymised.
         *
         * @param transfer the pseudonymised transfer
         * @param decision the decision
         * @param caller   the caller, or {@code null}
         * @return the queued entry; {@link QueuedEntry#await()} it when {@link #sync()}
         * @throws dev.transferguard.audit.AuditException when the log cannot take it
         */
        QueuedEntry submit(Transfer transfer, Decision decision, Caller caller);

        /** @return whether appends wait until their record is durable */
        boolean sync();
    }

    private static volatile Function<AuditLog, Hooks> access;

    private LogAccess() {
    }

    /**
     * Called once by {@link AuditLog}'s static initialiser.
     *
     * @param accessor gives a log's hooks
     */
    public static void install(Function<AuditLog, Hooks> accessor) {
        access = Objects.requireNonNull(accessor);
    }

    /**
     * @param log an open log (so its class is initialised and the accessor installed)
     * @return its hooks
     */
    public static Hooks of(AuditLog log) {
        return access.apply(log);
    }
}
