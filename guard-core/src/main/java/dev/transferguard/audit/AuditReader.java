package dev.transferguard.audit;

import dev.transferguard.audit.internal.read.RecordStream;
import java.nio.file.Path;
import java.util.stream.Stream;

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
        return RecordStream.open(dir, limit);
    }
}
