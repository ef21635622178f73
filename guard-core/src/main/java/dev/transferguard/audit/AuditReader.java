package dev.transferguard.audit;

import dev.transferguard.audit.internal.LineScanner;
import dev.transferguard.audit.internal.LogFiles;
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
 * Reads the records of an audit log directory, in order, for tools that show, count or replay them.
 *
 * <pre>{@code
 * try (Stream<AuditRecord> records = AuditReader.records(Path.of("audit"))) {
 *     records.filter(r -> r.kind() == AuditRecord.Kind.DECISION && !r.decision().allowed()).forEach(...);
 * }
 * }</pre>
 *
 * <p>Reading does not verify: use {@link AuditVerifier} to know that the records are the ones signed. A
 * torn last line (a crash the writer repairs when it next opens the log) is skipped.
 */
public final class AuditReader {

    private AuditReader() {
    }

    /**
     * Streams every record. The stream holds files open: close it.
     *
     * @param dir the log directory
     * @return the records in sequence order
     * @throws AuditException when the directory is not an audit log; while streaming, when a file cannot be
     *                        read or a line is not a record (naming {@code file:line})
     */
    public static Stream<AuditRecord> records(Path dir) {
        return records(dir, Long.MAX_VALUE);
    }

    /**
     * Streams the first records. The stream holds files open: close it.
     *
     * @param dir   the log directory
     * @param limit how many records at most
     * @return the records in sequence order
     * @throws AuditException as for {@link #records(Path)}
     */
    public static Stream<AuditRecord> records(Path dir, long limit) {
        if (!Files.isDirectory(dir)) {
            throw new AuditException("no audit log directory " + dir);
        }
        LineScanner scanner;
        try {
            scanner = new LineScanner(LogFiles.segments(dir));
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
                    String location = scanner.file().getFileName() + ":" + scanner.lineNumber();
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
