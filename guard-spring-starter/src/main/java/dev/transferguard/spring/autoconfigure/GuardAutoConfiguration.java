package dev.transferguard.spring.autoconfigure;

import dev.transferguard.BasesOnFile;
import dev.transferguard.DecisionListener;
import dev.transferguard.Guard;
import dev.transferguard.HostRules;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.spring.GuardAspect;
import dev.transferguard.spring.GuardBuilderCustomizer;
import dev.transferguard.spring.GuardedCallObserver;
import dev.transferguard.spring.GuardedMethodsVerifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The guard, its policies (the shipped packs by default) and the aspect that guards annotated methods,
 * configured from {@link GuardProperties}, and the signed audit log when {@code guard.audit.directory} is set.
 * Every bean backs off when the application defines its own; with
 * {@code guard.mode=off} the guard exists but nothing is intercepted.
 */
@AutoConfiguration
@EnableConfigurationProperties(GuardProperties.class)
@Import(GuardAuditConfiguration.class)
public class GuardAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GuardAutoConfiguration.class);

    /**
     * The policies, loaded from {@code guard.policies}.
     *
     * @param properties the configuration
     * @return the compiled policies
     */
    @Bean
    @ConditionalOnMissingBean
    public PolicyBundle guardPolicies(GuardProperties properties) {
        return PolicyBundle.fromLocations(properties.getPolicies());
    }

    /**
     * The guard.
     *
     * @param properties  the configuration
     * @param policies    the policies
     * @param listeners   decision listeners (metrics, the actuator endpoint's tally, the application's own)
     * @param customizers adjustments of the builder
     * @param audit       the audit log that records every decision, if there is one
     * @param counters    the store the volume counters are kept in, if there is one (else in memory)
     * @param environment the environment, for {@code spring.application.name}
     * @return the guard
     */
    @Bean
    @ConditionalOnMissingBean
    public Guard guard(GuardProperties properties, PolicyBundle policies, ObjectProvider<DecisionListener> listeners,
            ObjectProvider<GuardBuilderCustomizer> customizers, ObjectProvider<AuditLog> audit,
            ObjectProvider<CounterStore> counters, Environment environment) {
        Guard.Builder builder = Guard.builder().policies(policies).mode(properties.getMode())
                .hosts(hosts(properties.getHosts())).bases(bases(properties.getBases()))
                .allowUnmappedHosts(properties.getHttp().isAllowUnmappedHosts());
        if (properties.getJurisdiction() != null && !properties.getJurisdiction().isBlank()) {
            builder.jurisdiction(properties.getJurisdiction());
        }
        properties.getEntity().forEach((name, value) -> builder.entity(name, attributeValue(value)));
        AuditLog log = audit.getIfAvailable();
        if (log == null) {
            // With a log, its key is the one key (the guard leaves ids to it); without, the guard needs one.
            builder.pseudonymKey(PseudonymKeys.of(properties));
        } else {
            builder.audit(log);
            String service = environment.getProperty("spring.application.name");
            if (service != null && !service.isBlank()) {
                builder.caller(Caller.service(service));
            }
        }
        counters.ifAvailable(builder::counters);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        Guard guard = builder.build();
        LOG.info("Transfer Guard {}: jurisdiction {}, packs {}, policies {}",
                guard.mode().name().toLowerCase(Locale.ROOT), guard.jurisdiction(),
                policies.packs().stream().map(PolicyBundle.Pack::id).collect(Collectors.joining(", ")),
                policies.digest());
        return guard;
    }

    /** A property's text as the attribute value it stands for: a yes/no, a whole number, or a named value. */
    static Object attributeValue(String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(v);
        }
        return v;
    }

    static HostRules hosts(Map<String, List<String>> byJurisdiction) {
        HostRules.Builder rules = HostRules.builder();
        byJurisdiction.forEach(rules::host);
        return rules.build();
    }

    static BasesOnFile bases(GuardProperties.Bases bases) {
        BasesOnFile.Builder b = BasesOnFile.builder();
        bases.getRecipients().forEach((recipient, list) -> b.recipient(recipient,
                list.stream().map(GuardProperties.Basis::toLegalBasis).toList()));
        bases.getDestinations().forEach((destination, list) -> b.destination(destination,
                list.stream().map(GuardProperties.Basis::toLegalBasis).toList()));
        b.everyTransfer(bases.getEveryTransfer().stream().map(GuardProperties.Basis::toLegalBasis).toList());
        return b.build();
    }

    /**
     * Makes sure, once the context is up, that every HTTP client it holds carries the guard's check.
     *
     * @param beans      the bean factory
     * @param properties the configuration
     * @return the check
     */
    @Bean
    static HttpClientCheck guardHttpClientCheck(ListableBeanFactory beans, ObjectProvider<GuardProperties> properties) {
        return new HttpClientCheck(beans, properties);
    }

    /** The aspect, unless the guard is off. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.aspectj.weaver.Advice")
    @Conditional(OnGuardEnabledCondition.class)
    @EnableAspectJAutoProxy(proxyTargetClass = true)
    static class AspectConfiguration {

        /** Infrastructure, holding the guard lazily: see {@link GuardAspect#GuardAspect(java.util.function.Supplier, int)}. */
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        @ConditionalOnMissingBean
        static GuardAspect guardAspect(ObjectProvider<Guard> guard, ObjectProvider<GuardedCallObserver> observers,
                Environment environment) {
            int order = Binder.get(environment).bind("guard.aspect.order", Integer.class)
                    .orElse(GuardProperties.Aspect.DEFAULT_ORDER);
            return new GuardAspect(guard::getObject, order, observers::getIfAvailable);
        }

        @Bean
        @ConditionalOnMissingBean
        GuardedMethodsVerifier guardedMethodsVerifier(Guard guard, ListableBeanFactory beans) {
            return new GuardedMethodsVerifier(guard, beans);
        }
    }
}
