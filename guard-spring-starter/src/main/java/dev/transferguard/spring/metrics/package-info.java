/**
 * Micrometer meters for decisions. Uses only the public API of guard-core and Micrometer.
 */
package dev.transferguard.spring.metrics;
