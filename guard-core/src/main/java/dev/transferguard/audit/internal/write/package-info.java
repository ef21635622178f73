/**
 * Writing a log: the bounded queue and the one writer thread that group-commits its batches
 * ({@link dev.transferguard.audit.internal.write.LogWriter}), the checkpointer that signs every N records,
 * T milliseconds, when idle and on close, the segment file, the directory lock, and recovery on open (from
 * the newest checkpoint by the size inside each file; a tail longer than the signed tail bound refused; a
 * torn tail cut and noted in a {@code recovery} record).
 *
 * <p>May use the JDK, SLF4J, {@code audit.internal.read} (recovery reads the tail),
 * {@code audit.internal.note} (the checkpoints' text, the signed tail bound),
 * {@code audit.internal.merkle} (the root), {@code audit.internal.verify} (to name the fault of a log it
 * refuses), the log's file layout and record format ({@code audit.internal}) and the audit API's key and
 * checkpoint types.
 */
package dev.transferguard.audit.internal.write;
