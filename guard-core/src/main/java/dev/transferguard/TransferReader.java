package dev.transferguard;

import dev.transferguard.internal.json.TransferJsonReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads transfers written as JSON, in the form {@link Transfer#toJson()} writes and
 * {@code docs/policy-language.md} ("Transfer input") describes: a file or stream holding either one transfer object (which may span many lines) or JSON Lines,
 * one object per line. It is JSON Lines when the first line that is not blank holds a whole object on its own.
 * Blank lines are skipped; a byte order mark is ignored.
 *
 * <p>Reading is strict. Unknown keys, duplicate keys, anything after an object, text that is not UTF-8 and
 * values of the wrong type are refused, each with an {@link InvalidTransferException} whose message is one
 * line, {@code source:line:column: what is wrong}, pointing at the offending character; it repeats at most a
 * short excerpt of a value and never a subject id. The first bad line stops the reading: no transfer is
 * returned from an input that holds a bad one. {@code date} defaults to today (UTC), {@code action} to
 * {@code transfer}.
 *
 * <pre>{@code
 * for (LocatedTransfer t : TransferReader.read(Path.of("exports.jsonl"))) {
 *     try {
 *         guard.decide(t.transfer());
 *     } catch (InvalidTransferException e) {
 *         throw t.locate(e);   // exports.jsonl:7:18: unknown category 'personal.contct' in categories[0]; ...
 *     }
 * }
 * }</pre>
 */
public final class TransferReader {

    /** The largest input read, 1 GiB: the whole input is held in memory, so larger ones are refused. */
    public static final long MAX_BYTES = 1L << 30;

    private TransferReader() {
    }

    /**
     * Reads the transfers of a file; error messages and locations name it as {@code file.toString()}.
     *
     * @param file a file of one transfer object or of JSON Lines
     * @return the transfers in the order of the file, at least one
     * @throws InvalidTransferException if the file holds no transfer, an invalid one, is not UTF-8 or is larger
     *                                  than {@link #MAX_BYTES}
     * @throws IOException              if the file cannot be read ({@link java.nio.file.NoSuchFileException}
     *                                  when it does not exist)
     */
    public static List<LocatedTransfer> read(Path file) throws IOException {
        String name = file.toString();
        if (Files.size(file) > MAX_BYTES) {
            throw tooLarge(name);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        }
    }

    /**
     * Reads the transfers of a stream to its end. The stream is not closed.
     *
     * @param in         the bytes, UTF-8
     * @param sourceName the name to put in front of error messages and locations, e.g. {@code <stdin>}
     * @return the transfers in the order of the stream, at least one
     * @throws InvalidTransferException if the stream holds no transfer, an invalid one, is not UTF-8 or holds
     *                                  more than {@link #MAX_BYTES}
     * @throws IOException              if the stream cannot be read
     */
    public static List<LocatedTransfer> read(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        byte[] bytes = in.readNBytes((int) (MAX_BYTES + 1));
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(sourceName);
        }
        return read(TransferJsonReader.utf8(bytes, sourceName), sourceName);
    }

    /**
     * Reads the transfers of a text.
     *
     * @param text       one transfer object, or JSON Lines
     * @param sourceName the name to put in front of error messages and locations
     * @return the transfers in order, at least one
     * @throws InvalidTransferException if the text holds no transfer or an invalid one
     */
    public static List<LocatedTransfer> read(String text, String sourceName) {
        Objects.requireNonNull(sourceName, "sourceName");
        // Places are read again for the rare transfer that a message is about: a file is read without them.
        List<LocatedTransfer> transfers = TransferJsonReader.parseAllLazily(text, sourceName).stream()
                .map(LocatedTransfer::new).toList();
        if (transfers.isEmpty()) {
            throw new InvalidTransferException(sourceName + ": no transfer in the input");
        }
        return transfers;
    }

    /**
     * Reads the transfers of a stream one at a time, handing each to {@code action} as soon as its line has
     * arrived: {@code tail -f exports.jsonl | guard check -} decides each transfer while the input is still
     * open. JSON Lines are streamed (lines end at {@code \n} or {@code \r\n}; each line is limited to
     * {@link #MAX_BYTES}); an input whose first line that is not blank is not a whole object is one transfer
     * object, read to the end of the stream first. Errors are those of {@link #read(InputStream, String)},
     * with one difference that streaming cannot avoid: the transfers before a bad line have already been
     * handed over when the bad line is refused. The stream is not closed.
     *
     * @param in         the bytes, UTF-8
     * @param sourceName the name to put in front of error messages and locations, e.g. {@code <stdin>}
     * @param action     called with each transfer, in the order of the stream
     * @return how many transfers were handed over, at least one
     * @throws InvalidTransferException if the stream holds no transfer or an invalid one, is not UTF-8 or holds
     *                                  a line (or a single object) of more than {@link #MAX_BYTES}
     * @throws IOException              if the stream cannot be read
     */
    public static int readEach(InputStream in, String sourceName, Consumer<? super LocatedTransfer> action)
            throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(action, "action");
        // Buffered reads return what has arrived, so a byte at a time never waits for more than one line.
        InputStream bytes = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteArrayOutputStream beforeFirst = new ByteArrayOutputStream();
        int number = 0;
        int handed = 0;
        int b;
        do {
            b = bytes.read();
            if (b != -1 && b != '\n') {
                line.write(b);
                if (line.size() > MAX_BYTES) {
                    throw tooLarge(sourceName);
                }
                continue;
            }
            if (b == -1 && line.size() == 0) {
                break;
            }
            number++;
            byte[] raw = line.toByteArray();
            line.reset();
            int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            String text = TransferJsonReader.utf8(Arrays.copyOf(raw, length), sourceName, number);
            if (handed == 0 && TransferJsonReader.isBlankLine(text)) {
                beforeFirst.write(raw);
                if (b != -1) {
                    beforeFirst.write('\n');
                }
            } else if (handed > 0 || TransferJsonReader.isWholeObject(text)) {
                if (!TransferJsonReader.isBlankLine(text)) {
                    action.accept(new LocatedTransfer(TransferJsonReader.parseLineLazily(text, sourceName, number)));
                    handed++;
                }
            } else {
                // One object over many lines: it can only be read whole.
                beforeFirst.write(raw);
                if (b != -1) {
                    beforeFirst.write('\n');
                }
                beforeFirst.write(bytes.readNBytes((int) (MAX_BYTES + 1 - beforeFirst.size())));
                List<LocatedTransfer> one = read(new ByteArrayInputStream(beforeFirst.toByteArray()), sourceName);
                one.forEach(action);
                return one.size();
            }
        } while (b != -1);
        if (handed == 0) {
            // Only blank lines: the whole reader says what is missing, and where.
            read(new ByteArrayInputStream(beforeFirst.toByteArray()), sourceName);
        }
        return handed;
    }

    private static InvalidTransferException tooLarge(String sourceName) {
        return new InvalidTransferException(sourceName + ": input is larger than 1 GiB");
    }
}
