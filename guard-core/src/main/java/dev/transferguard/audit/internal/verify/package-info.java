/**
 * Offline verification of a log directory: the checkpoints' signatures and roots, every record's hash,
 * place and link, the unsigned tail against the writer's signed bound, and, when something is wrong, the first
 * fault and its kind.
 *
 * <p>May use the JDK, {@code audit.internal.read} (the records), {@code audit.internal.merkle} (the roots),
 * {@code audit.internal.note} (the checkpoints), the log's file layout and record format
 * ({@code audit.internal}) and the audit API's result types; it never writes.
 */
package dev.transferguard.audit.internal.verify;
