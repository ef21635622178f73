/**
 * Inclusion and consistency proofs as bundles a third party checks alone: building them from a log's
 * records and latest checkpoint, checking them against trusted keys, and their JSON form. The public
 * {@code InclusionProof} and {@code ConsistencyProof} records are the values; the work is here.
 *
 * <p>May use the JDK, Jackson's streaming API, {@code audit.internal.read} (the records),
 * {@code audit.internal.merkle} (the proofs' hashes), {@code audit.internal.note} (the checkpoints), the
 * log's file layout and record head ({@code audit.internal}) and the audit API's key and checkpoint types.
 */
package dev.transferguard.audit.internal.proof;
