/**
 * Evaluation, the hot path: the evaluation model of a pack, the walk over the packs, the decision's reasons,
 * obligations and unmet requirements, and {@code CompiledBundle}, the engine's entry point (decide, record,
 * validate). A decision allocates only its result; per-thread scratch space is reused.
 *
 * <p>May use {@code compile}, {@code check} and {@code syntax}. Remedies are asked for through
 * {@code RemedyFinder}, which the remedy package implements, so that this package does not depend on it.
 */
package dev.transferguard.policy.internal.eval;
