/**
 * C2SP signed notes and what they carry: the note's text and signature lines, the {@code tlog-checkpoint}
 * body, Ed25519 keys in PEM, DER and the C2SP verifier-key form, key names and strict base64.
 *
 * <p>May use the JDK, BouncyCastle, the audit API's key and checkpoint types and
 * {@code dev.transferguard.internal.StrictUtf8}; nothing of the log's files or records.
 */
package dev.transferguard.audit.internal.note;
