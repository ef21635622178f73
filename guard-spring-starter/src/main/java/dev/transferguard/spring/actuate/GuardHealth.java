package dev.transferguard.spring.actuate;

import dev.transferguard.Guard;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the guard can decide and record: its policies and, with an audit log, whether the log's directory can
 * take more records. A log that cannot record makes every guarded call deny in enforce mode, so a full or
 * read-only log directory is reported down before the first denial. The same on every Spring Boot line; the
 * line's {@code GuardHealthIndicator} turns it into a health.
 */
public final class GuardHealth {

    /** Below this much free space the log's directory is reported down: a segment's worth of records. */
    static final long MIN_FREE_BYTES = 64L << 20;

    private final Guard guard;
    private final AuditLog audit;
    private final List<Contributor> contributors;

    /**
     * Another part of the guard's health, such as the shared counter store: its details under its name, or an
     * exception when it is down.
     */
    public interface Contributor {
        /** {@return the name its details go under} */
        String name();

        /**
         * Checks the part now.
         *
         * @return its details
         * @throws RuntimeException when it is down; the message says why
         */
        Map<String, Object> check();
    }

    /**
     * Creates the check.
     *
     * @param guard the guard
     * @param audit its audit log, or {@code null}
     */
    public GuardHealth(Guard guard, AuditLog audit) {
        this(guard, audit, List.of());
    }

    /**
     * Creates the check with more parts.
     *
     * @param guard        the guard
     * @param audit        its audit log, or {@code null}
     * @param contributors the other parts
     */
    public GuardHealth(Guard guard, AuditLog audit, List<Contributor> contributors) {
        this.guard = guard;
        this.audit = audit;
        this.contributors = List.copyOf(contributors);
    }

    /**
     * A report of the guard's state.
     *
     * @param up      whether the guard can decide and record
     * @param details what was looked at: mode, policies, and the audit log's directory, records and checkpoint
     */
    public record Report(boolean up, Map<String, Object> details) {
    }

    /**
     * Checks the guard now.
     *
     * @return the report
     */
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", guard.mode().name().toLowerCase(java.util.Locale.ROOT));
        details.put("policies", guard.policies().digest());
        details.put("packs", guard.policies().packs().size());
        boolean up = true;
        if (audit != null) {
            Map<String, Object> log = new LinkedHashMap<>();
            Path dir = audit.directory();
            log.put("directory", dir.toString());
            log.put("records", audit.size());
            Checkpoint signed = audit.latestCheckpoint();
            log.put("signedRecords", signed == null ? 0 : signed.treeSize());
            boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
            long free = freeBytes(dir);
            log.put("writable", writable);
            log.put("freeBytes", free);
            if (!writable || free < MIN_FREE_BYTES) {
                up = false;
                log.put("problem", !writable ? "the log's directory is not writable: every guarded call will deny"
                        : "less than 64 MiB free for the log: guarded calls will deny when it is full");
            }
            details.put("audit", log);
        }
        for (Contributor c : contributors) {
            try {
                details.put(c.name(), c.check());
            } catch (RuntimeException e) {
                up = false;
                details.put(c.name(), Map.of("problem", String.valueOf(e.getMessage())));
            }
        }
        return new Report(up, details);
    }

    private static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
