/**
 * The top of the policy pipeline: reads policy files (from a directory or the classpath), drives them through
 * the phases below and is the one implementation of {@link dev.transferguard.policy.PolicyBundle}
 * ({@code LoadedBundle}), from which alone the engine takes a compiled bundle.
 *
 * <p>The phases, each in a subpackage, depend only on those listed before them:
 * {@code syntax} &lt;- {@code check} &lt;- {@code compile} &lt;- {@code eval} &lt;- {@code remedy}, with
 * {@code analysis} and {@code testing} on top. This package may use them all; none of them uses it.
 */
package dev.transferguard.policy.internal;
