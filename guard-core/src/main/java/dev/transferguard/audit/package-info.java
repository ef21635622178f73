/**
 * The signed, tamper-evident audit log and its verification: {@link dev.transferguard.audit.AuditLog} records
 * decisions (it is the shipped {@link dev.transferguard.audit.DecisionRecorder}),
 * {@link dev.transferguard.audit.AuditVerifier} and {@link dev.transferguard.audit.AuditReader} read a log
 * offline, {@link dev.transferguard.audit.SigningKey} and {@link dev.transferguard.audit.VerifierKey} are the
 * Ed25519 keys, and the checkpoints and proofs are plain values. The format is specified in
 * {@code docs/audit-log.md}.
 *
 * <p>The writer, the reader, the Merkle tree and the signed notes live in {@code audit.internal}. This package
 * may use the top-level API values ({@link dev.transferguard.Transfer}, {@link dev.transferguard.Decision}) and
 * its own internal packages; it does not know the policy engine.
 */
package dev.transferguard.audit;
