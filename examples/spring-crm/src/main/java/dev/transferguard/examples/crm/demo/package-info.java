/**
 * {@code ./guard demo}: runs the CRM service with partner stubs on loopback ports, prints the decisions,
 * verifies the audit log and writes its report.
 */
package dev.transferguard.examples.crm.demo;
