/**
 * JMH benchmarks of decisions, the audit log, verification and a guarded Spring call, side by side with other
 * engines (Cedar, jCasbin) and Logback, and the summary of a run ({@code summary.json}). They use only the
 * public API of guard-core and its starter, so that what they measure is what users get.
 */
package dev.transferguard.benchmarks;
