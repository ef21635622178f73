/**
 * C2SP {@code tlog-witness} machinery: the {@code add-checkpoint} body, the witness's rules and state, its HTTP
 * interface on the JDK's server, and the log's side (submitting checkpoints to witnesses and keeping their
 * cosignatures beside the log).
 *
 * <p>May use {@code merkle}, {@code note}, {@code read} and the audit package's shared files; nothing of the
 * writer but what {@link dev.transferguard.audit.AuditLog} hands over.
 */
package dev.transferguard.audit.internal.witness;
