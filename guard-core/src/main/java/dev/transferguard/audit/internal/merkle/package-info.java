/**
 * The RFC 6962 / RFC 9162 Merkle tree: the leaf and node hashes, the one incremental accumulator
 * ({@link dev.transferguard.audit.internal.merkle.CompactRange}) that every root of the audit log is
 * computed with, a tree that keeps its leaves to build inclusion and consistency proofs, and the checking
 * of such proofs.
 *
 * <p>May use only the JDK (and {@code dev.transferguard.GuardException}, which its proof failures extend):
 * it knows nothing of records, files or signatures.
 */
package dev.transferguard.audit.internal.merkle;
