package dev.transferguard.internal.json;

import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A transfer read without noting where its values were written: places are only needed for the message about
 * a refused value, so a file of many transfers is read without building them, and a transfer's text is read
 * again, with places, the first time one is asked for. That second reading walks the same text with the same
 * day for a missing {@code date}, so it gives the same transfer.
 *
 * <p>Safe to share between threads: the places, once read, are an immutable {@link ParsedTransfer}; two
 * threads asking at once may both read the text, and either result is the same.
 */
public final class LazyParsedTransfer {

    private final Transfer transfer;
    private final SourceText source;
    private final long objectStart;
    private final LocalDate today;
    private volatile ParsedTransfer placed;

    LazyParsedTransfer(Transfer transfer, SourceText source, long objectStart, LocalDate today) {
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.source = source;
        this.objectStart = objectStart;
        this.today = today;
    }

    /**
     * The transfer.
     *
     * @return the transfer as read
     */
    public Transfer transfer() {
        return transfer;
    }

    /**
     * Where the transfer object starts, without reading its text again.
     *
     * @return the location of its opening brace
     */
    public Location location() {
        return source.at(objectStart);
    }

    /**
     * The transfer with the places of all its values, read from its text on the first call.
     *
     * @return what {@link TransferJsonReader#parse(String, String)} gives for the same text
     */
    public ParsedTransfer placed() {
        ParsedTransfer p = placed;
        if (p == null) {
            p = TransferJsonReader.parsePlaced(source, today);
            placed = p;
        }
        return p;
    }
}
