/**
 * The audit log's on-disk format, shared by its writer, reader, verifier and proofs: the directory's file
 * names and listing ({@link dev.transferguard.audit.internal.LogFiles}), a record line's head and body
 * ({@link dev.transferguard.audit.internal.RecordHead}, {@link dev.transferguard.audit.internal.RecordFormat},
 * {@link dev.transferguard.audit.internal.RecordParser}) and how files are opened. The machinery lives in
 * the subpackages: {@code write}, {@code read}, {@code verify}, {@code proof}, {@code merkle} and
 * {@code note}.
 *
 * <p>May use the JDK, Jackson's streaming API, the engine's JSON writers and readers and the audit API's
 * record types. The subpackages build on it, not the other way round.
 */
package dev.transferguard.audit.internal;
