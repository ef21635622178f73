package dev.transferguard.audit.internal;

/** How the audit code names an error in its messages. */
public final class ErrorText {

    private ErrorText() {
    }

    /**
     * @param t an error
     * @return its class's simple name and its message, if it has one: an I/O error's message alone is often
     *         just a file name
     */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        String kind = t.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }
}
