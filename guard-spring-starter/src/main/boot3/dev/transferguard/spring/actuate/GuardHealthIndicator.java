package dev.transferguard.spring.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The guard's health on Spring Boot 3: {@link GuardHealth} as an actuator health indicator. */
public final class GuardHealthIndicator implements HealthIndicator {

    /** The health contract of this Spring Boot line, for the auto-configuration's condition. */
    public static final String CONTRACT = "org.springframework.boot.actuate.health.HealthIndicator";

    private final GuardHealth health;

    /**
     * Creates the indicator.
     *
     * @param health the check
     */
    public GuardHealthIndicator(GuardHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        GuardHealth.Report r = health.check();
        return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
    }
}
