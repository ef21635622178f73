/**
 * The compiled program, built once per bundle: names become indexes, sets bit sets, conditions trees of tests,
 * explanations precomputed reasons; and the translation of a transfer into the {@code Facts} those tests read
 * (which is also where a transfer's names are checked). Facts live here, not with the evaluator, because the
 * compiled tests read them: their layout is the program's.
 *
 * <p>May use {@code check} and {@code syntax}. Public only what the evaluator and the remedy search read.
 */
package dev.transferguard.policy.internal.compile;
