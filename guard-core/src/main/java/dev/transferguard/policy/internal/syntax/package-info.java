/**
 * Policy files as written: source files and places in them, tokens, the parser and the syntax tree, and the
 * collection of problems (with the "did you mean" of a close name) that every phase of a load reports into.
 * The parser reports errors and suggests keywords, so problems and name suggestions live here, at the bottom.
 *
 * <p>Uses nothing of the pipeline; uses {@code dev.transferguard.policy.Diagnostic} and
 * {@code PolicyException} to report.
 */
package dev.transferguard.policy.internal.syntax;
