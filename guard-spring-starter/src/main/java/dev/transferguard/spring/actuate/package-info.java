/**
 * The {@code guard} actuator endpoint: the policies in force, the packs, the decisions since startup and the
 * audit log's state. Uses only the public API of guard-core and Spring Boot Actuator.
 */
package dev.transferguard.spring.actuate;
