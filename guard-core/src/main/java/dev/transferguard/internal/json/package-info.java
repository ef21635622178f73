/**
 * The JSON of transfers and decisions, streamed with jackson-core: the strict reader of the transfer input
 * (one message with line and column for every mistake), behind {@link dev.transferguard.TransferReader} and
 * {@link dev.transferguard.Transfer#fromJson}, and the canonical writer behind {@code toJson()} and the audit
 * records. May use the top-level API values and {@code internal}; no other area.
 */
package dev.transferguard.internal.json;
