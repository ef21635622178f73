/**
 * The remedies of a denial: the smallest sets of legal bases that would turn it into an allow, found by trying
 * sets of candidate bases through the evaluator's pack evaluation.
 *
 * <p>May use {@code eval}, {@code compile}, {@code check} and {@code syntax}.
 */
package dev.transferguard.policy.internal.remedy;
