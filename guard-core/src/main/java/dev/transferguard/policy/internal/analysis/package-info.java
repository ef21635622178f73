/**
 * Lint: packs that never apply, rules that can never match or are shadowed, requirements no basis can meet,
 * counters and obligations nothing uses, decided over the resolved model.
 *
 * <p>May use {@code compile} (bit sets), {@code check} and {@code syntax}.
 */
package dev.transferguard.policy.internal.analysis;
