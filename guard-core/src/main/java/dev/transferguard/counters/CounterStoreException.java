package dev.transferguard.counters;

/**
 * A counter store could not count: its database is unreachable, too slow or refuses. A guard that meets it
 * denies the transfer (fail-closed) with a reason of pack {@value #PACK} and rule {@value #RULE} naming the
 * store; in monitor mode it lets the transfer through and logs the failure at ERROR.
 *
 * <p>The message names the store and what failed, never a subject or an id.
 */
public class CounterStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The pack named by the reason of a denial because the counter store failed. */
    public static final String PACK = "counters";
    /** The rule named by that reason. */
    public static final String RULE = "unavailable";

    private final String store;

    /**
     * @param store   the store, as a reason's place names it: its kind and where it is, never a password
     * @param message what failed
     * @param cause   the underlying failure, or {@code null}
     */
    public CounterStoreException(String store, String message, Throwable cause) {
        super(message, cause);
        this.store = store;
    }

    /** {@return the store that failed: its kind and where it is} */
    public String store() {
        return store;
    }
}
