/**
 * Classification of a guarded method's arguments: a plan made once per method and class (which fields hold
 * personal data of which category, which identify the subject and their residence), then a cheap walk over
 * each call's arguments that yields the transfer's categories and subjects. Uses reflection only while
 * planning. May use the annotations, the top-level API values and {@code internal}; nothing of the policy
 * engine or the audit log.
 */
package dev.transferguard.internal.classify;
