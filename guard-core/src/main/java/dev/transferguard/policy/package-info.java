/**
 * Policies as code: {@link dev.transferguard.policy.PolicyBundle} loads, validates and compiles the
 * {@code .guard} files once, runs their tests and lints them; {@link dev.transferguard.policy.Diagnostic} and
 * {@link dev.transferguard.policy.PolicyException} report problems with file:line:column;
 * {@link dev.transferguard.policy.BundleSignature} signs and verifies a bundle. The language is specified in
 * {@code docs/policy-language.md}.
 *
 * <p>The pipeline behind it (syntax, check, compile, eval, remedy, analysis, testing) lives in
 * {@code policy.internal}, one package per phase. This package may use the top-level API values and
 * {@code audit}'s keys ({@link dev.transferguard.audit.VerifierKey}).
 */
package dev.transferguard.policy;
