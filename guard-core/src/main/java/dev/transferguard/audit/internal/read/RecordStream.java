package dev.transferguard.audit.internal.read;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.internal.RecordParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A log's records, parsed, as a stream: what {@code AuditReader} hands out for showing, counting and
 * replaying them, and what the counters are rebuilt from. It does not verify. A torn last line (a crash the
 * writer repairs when it next opens the log) is skipped; one anywhere else is an error.
 */
public final class RecordStream {

    private RecordStream() {
    }

    /**
     * Streams the first records. The stream holds files open: close it.
     *
     * @param dir   the log directory
     * @param limit how many records at most
     * @return the records in sequence order
     * @throws AuditException when the directory is not an audit log; while streaming, when a file cannot be
     *                        read or a line is not a record (naming {@code file:line})
     */
    public static Stream<AuditRecord> open(Path dir, long limit) {
        if (!Files.isDirectory(dir)) {
            throw new AuditException("no audit log directory " + dir);
        }
        LogReader scanner;
        try {
            scanner = LogReader.open(dir);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + dir + ": " + e.getMessage(), e);
        }
        Iterator<AuditRecord> it = new Iterator<>() {
            private AuditRecord next;
            private long count;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (count >= limit) {
                    return false;
                }
                try {
                    if (!scanner.next()) {
                        return false;
                    }
                    String location = scanner.location();
                    if (scanner.torn()) {
                        if (!scanner.next()) {
                            return false;
                        }
                        throw new AuditException(location + ": a torn line in the middle of the audit log");
                    }
                    String line = new String(scanner.buffer(), scanner.offset(), scanner.length(),
                            StandardCharsets.UTF_8);
                    try {
                        next = RecordParser.parse(line, location);
                    } catch (IllegalArgumentException e) {
                        throw new AuditException(e.getMessage());
                    }
                    count++;
                    return true;
                } catch (IOException e) {
                    throw new AuditException("cannot read the audit log " + dir + ": " + e.getMessage(), e);
                }
            }

            @Override
            public AuditRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                AuditRecord r = next;
                next = null;
                return r;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        scanner.close();
                    } catch (IOException e) {
                        throw new AuditException("cannot close the audit log " + dir + ": " + e.getMessage(), e);
                    }
                });
    }
}
