/**
 * A Spring Boot CRM service in Germany that exports customer records to partners abroad, guarded by the
 * starter: annotated data classes, a {@code @GuardedTransfer} method and outbound HTTP checks.
 */
package dev.transferguard.examples.crm;
