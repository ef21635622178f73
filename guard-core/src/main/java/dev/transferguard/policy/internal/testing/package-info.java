/**
 * The tests written beside the packs: each replays its history into fresh counters, decides its transfer under
 * the whole bundle and checks the expectations.
 *
 * <p>May use {@code eval}, {@code check} and {@code syntax}, and the engine's JSON reader of transfers.
 */
package dev.transferguard.policy.internal.testing;
