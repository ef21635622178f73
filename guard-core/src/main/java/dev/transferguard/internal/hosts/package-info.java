/**
 * The table behind {@link dev.transferguard.HostRules}: host names normalised (IDNA, case, trailing dot) and
 * checked against the public suffix list, addresses in canonical form, CIDR ranges in range maps. Guava's
 * types stay in here, out of the API.
 */
package dev.transferguard.internal.hosts;
