package dev.transferguard.audit;

/**
 * Who asked for a decision, as the audit record names it: the service and, where known, the method.
 * Either part may be {@code null}; neither may hold personal data.
 *
 * @param service the calling service, e.g. {@code billing}
 * @param method  the calling method, e.g. {@code InvoiceClient.send}
 */
public record Caller(String service, String method) {

    /** No caller recorded. */
    public static final Caller NONE = new Caller(null, null);

    /**
     * A caller known only by its service.
     *
     * @param service the service name
     * @return the caller
     */
    public static Caller service(String service) {
        return new Caller(service, null);
    }

    /**
     * Whether neither part is known.
     *
     * @return {@code true} when service and method are both {@code null}
     */
    public boolean isEmpty() {
        return service == null && method == null;
    }
}
