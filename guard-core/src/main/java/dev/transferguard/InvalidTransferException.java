package dev.transferguard;

/**
 * A transfer that cannot be decided because its input is malformed or names something the policies do
 * not declare. The message says what and where (line and column for JSON input, the field otherwise).
 */
public class InvalidTransferException extends GuardException {

    private static final long serialVersionUID = 1L;

    /** The JSON path of the offending field, or {@code null}. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public InvalidTransferException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception for a field of the transfer.
     *
     * @param message what is wrong
     * @param field   the JSON path of the field, e.g. {@code categories[1]}, or {@code null}
     */
    public InvalidTransferException(String message, String field) {
        super(message);
        this.field = field;
    }

    /**
     * The JSON path of the offending field, so that a caller holding the source can point at it.
     *
     * @return a path such as {@code categories[1]} or {@code bases[0].name}, or {@code null}
     */
    public String field() {
        return field;
    }
}
