/**
 * The one reader of a log's segments: {@link dev.transferguard.audit.internal.read.LogReader} streams the
 * record lines in order (recovery, proofs, the verifier's look at a fault, {@code AuditReader}),
 * {@link dev.transferguard.audit.internal.read.ChunkReader} reads the same lines in chunks for the
 * verifier's parallel hashing, and {@link dev.transferguard.audit.internal.read.RecordStream} parses them
 * into records (show, stats, replay, counter rebuild).
 *
 * <p>May use the JDK, the log's file layout and record format ({@code audit.internal}) and the audit API's
 * record types; it never writes and never verifies.
 */
package dev.transferguard.audit.internal.read;
