/**
 * Spring Boot auto-configuration of Transfer Guard: {@link dev.transferguard.spring.autoconfigure.GuardProperties}
 * ({@code guard.*}) and the auto-configuration classes listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package dev.transferguard.spring.autoconfigure;
