package dev.transferguard.audit.internal.write;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.internal.FileChannels;
import java.nio.file.Path;
import java.util.List;

/**
 * What the writer needs; see {@link AuditLog.Builder}.
 *
 * @param dir               the log directory
 * @param origin            the origin, or {@code null} to take it from an existing log
 * @param keys              the signing keys, at least one
 * @param trusted           further keys whose checkpoints are accepted on open (earlier keys)
 * @param durability        when an append returns
 * @param checkpointRecords sign after this many records
 * @param checkpointNanos   or after this long since the oldest unsigned record
 * @param segmentBytes      start a new segment once one has this many bytes
 * @param queueCapacity     how many records may wait
 * @param channels          how the log's files are opened (tests inject faults here)
 */
public record LogConfig(Path dir, String origin, List<SigningKey> keys, List<VerifierKey> trusted,
                        AuditLog.Durability durability, int checkpointRecords, long checkpointNanos,
                        long segmentBytes, int queueCapacity, FileChannels channels) {
    /** Copies the lists. */
    public LogConfig {
        keys = List.copyOf(keys);
        trusted = List.copyOf(trusted);
        channels = channels == null ? FileChannels.DEFAULT : channels;
    }

    /**
     * A configuration on the real file system.
     *
     * @param dir               the log directory
     * @param origin            the origin, or {@code null}
     * @param keys              the signing keys
     * @param trusted           further trusted keys
     * @param durability        when an append returns
     * @param checkpointRecords sign after this many records
     * @param checkpointNanos   or after this long
     * @param segmentBytes      segment size
     * @param queueCapacity     queue size
     */
    public LogConfig(Path dir, String origin, List<SigningKey> keys, List<VerifierKey> trusted,
                     AuditLog.Durability durability, int checkpointRecords, long checkpointNanos,
                     long segmentBytes, int queueCapacity) {
        this(dir, origin, keys, trusted, durability, checkpointRecords, checkpointNanos, segmentBytes,
                queueCapacity, FileChannels.DEFAULT);
    }

    /** @return whether appends wait until their record is durable */
    boolean sync() {
        return durability == AuditLog.Durability.SYNC;
    }
}
