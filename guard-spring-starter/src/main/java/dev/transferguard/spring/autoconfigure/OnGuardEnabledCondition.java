package dev.transferguard.spring.autoconfigure;

import dev.transferguard.Mode;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless {@code guard.mode} is {@code off}: with the guard off, nothing is intercepted. */
class OnGuardEnabledCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Mode mode = Binder.get(context.getEnvironment()).bind("guard.mode", Mode.class).orElse(Mode.ENFORCE);
        return mode == Mode.OFF ? ConditionOutcome.noMatch("guard.mode is off")
                : ConditionOutcome.match("guard.mode is " + mode.name().toLowerCase(java.util.Locale.ROOT));
    }
}
