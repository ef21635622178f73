/**
 * The {@code guard} command (picocli): {@code check}, {@code test}, {@code lint}, {@code keygen},
 * {@code bundle}, {@code audit ...}. Each command parses its options, calls the public API of guard-core and
 * prints; exit codes 0 (ok), 1 (the finding: a denial, a failed test, a tampered log), 2 (bad input). It uses
 * no internal package of guard-core. Specified in {@code docs/cli.md}.
 */
package dev.transferguard.cli;
