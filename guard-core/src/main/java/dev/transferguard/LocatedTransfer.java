package dev.transferguard;

import dev.transferguard.internal.json.LazyParsedTransfer;
import dev.transferguard.internal.json.Location;
import java.util.Objects;

/**
 * A transfer read by {@link TransferReader}, with where it and each of its values were written: a check made
 * after reading, such as a category the policies do not declare, can then point at the spot in the input.
 *
 * <p>Places are {@code source:line:column}, lines and columns counted from 1, columns in UTF-16 characters,
 * as compilers and editors report them. In JSON Lines the line is the line of the file.
 *
 * <p>The places of the values are read again from the transfer's text the first time one is asked for: a file
 * of many transfers is read without them.
 */
public final class LocatedTransfer {

    private final LazyParsedTransfer parsed;

    LocatedTransfer(LazyParsedTransfer parsed) {
        this.parsed = Objects.requireNonNull(parsed, "parsed");
    }

    /**
     * The transfer.
     *
     * @return the transfer as read
     */
    public Transfer transfer() {
        return parsed.transfer();
    }

    /**
     * The name of the input it was read from, as given to the reader: usually a file name.
     *
     * @return the source name
     */
    public String source() {
        return parsed.location().source();
    }

    /**
     * The line on which the transfer's object starts.
     *
     * @return the line, counted from 1
     */
    public int line() {
        return parsed.location().line();
    }

    /**
     * The column of the transfer's opening brace.
     *
     * @return the column, counted from 1
     */
    public int column() {
        return parsed.location().column();
    }

    /**
     * Where the transfer's object starts.
     *
     * @return {@code source:line:column}
     */
    public String location() {
        return parsed.location().toString();
    }

    /**
     * Where the value at a JSON path was written or, when the input left it out, where the closest enclosing
     * value was: {@code bases[2].since} falls back to {@code bases[2]}, then {@code bases}, then the object.
     *
     * @param path a JSON path as {@link InvalidTransferException#field()} gives it, e.g. {@code categories[1]},
     *             {@code subjects.count}, {@code bases[0].name}
     * @return {@code source:line:column}
     */
    public String locationOf(String path) {
        Location l = path == null ? parsed.location() : parsed.placed().locationOf(path);
        return l.toString();
    }

    /**
     * The same problem, said at its place in the input: for an exception thrown when this transfer was decided
     * (a name the policies do not declare), the message is prefixed with the location of its
     * {@linkplain InvalidTransferException#field() field}, or of the transfer when it names none.
     *
     * @param e the exception, thrown about this transfer
     * @return a new exception whose message starts with {@code source:line:column: }; the field is kept
     */
    public InvalidTransferException locate(InvalidTransferException e) {
        return new InvalidTransferException(locationOf(e.field()) + ": " + e.getMessage(), e.field());
    }

    /**
     * Equal when the transfers and the places of all their values are.
     *
     * @param o another object
     * @return whether it is an equal located transfer
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof LocatedTransfer other && parsed.placed().equals(other.parsed.placed());
    }

    @Override
    public int hashCode() {
        return parsed.placed().hashCode();
    }

    /**
     * The place and the transfer, for logs and test failures.
     *
     * @return {@code source:line:column transfer-json}; it holds subject ids when the transfer does
     */
    @Override
    public String toString() {
        return location() + " " + transfer().toJson();
    }
}
