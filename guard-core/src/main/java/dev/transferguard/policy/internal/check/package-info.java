/**
 * Resolution: every name of the parsed files checked against the declared vocabulary (categories,
 * jurisdictions and groups, bases, kinds, transactions, purposes, attributes, counters), with a suggestion for
 * an unknown one, giving the typed {@link dev.transferguard.policy.internal.check.Model}, the form every later
 * phase works from.
 *
 * <p>May use {@code syntax}.
 */
package dev.transferguard.policy.internal.check;
