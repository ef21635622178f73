package dev.transferguard.spring.autoconfigure;

import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.policy.VolumeCounter;
import dev.transferguard.postgres.PostgresCounterStore;
import dev.transferguard.spring.actuate.GuardHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code guard.counters.store=postgres}: the volume counters kept in PostgreSQL, shared by every instance of the
 * service ({@code docs/counters.md}), in the application's {@link DataSource} or at {@code guard.counters.url};
 * {@code guard.counters.timeout} bounds each wait (2s by default); far from every limit an instance decides
 * within headroom it reserved ({@code guard.counters.headroom}, {@code guard.counters.lease}). An application's own {@link CounterStore}
 * bean wins. The store is part of the guard's health indicator; with Micrometer, a gauge per counter.
 */
@AutoConfiguration(before = GuardAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(PostgresCounterStore.class)
@ConditionalOnProperty(prefix = "guard.counters", name = "store", havingValue = "postgres")
public class GuardCountersAutoConfiguration {

    /**
     * The store.
     *
     * @param properties  the configuration, for the pseudonym key
     * @param dataSource  the application's database, used when no URL is set
     * @return the store, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CounterStore.class)
    public PostgresCounterStore guardCounterStore(GuardProperties properties, ObjectProvider<DataSource> dataSource) {
        if (properties.getPseudonymKey() == null && properties.getAudit().getPseudonymKeyFile() == null) {
            throw new GuardConfigurationException("guard.counters.store=postgres needs a pseudonym key shared by "
                    + "every instance", "Set guard.pseudonym-key (or guard.audit.pseudonym-key-file) to the same "
                    + "secret in every instance of the service", null);
        }
        GuardProperties.Counters counters = properties.getCounters();
        PostgresCounterStore.Builder b = PostgresCounterStore.builder()
                .timeout(counters.getTimeout())
                .headroom(counters.getHeadroom())
                .pseudonymKey(PseudonymKeys.of(properties));
        if (counters.getLease() != null) {
            b.lease(counters.getLease());
        }
        String url = counters.getUrl();
        if (url != null && !url.isBlank()) {
            b.url(url);
        } else {
            DataSource ds = dataSource.getIfAvailable();
            if (ds == null) {
                throw new GuardConfigurationException("guard.counters.store=postgres found no DataSource",
                        "Set guard.counters.url to a jdbc:postgresql:// URL, or configure spring.datasource", null);
            }
            b.dataSource(ds);
        }
        return b.build();
    }

    /**
     * The store in the guard's health indicator ({@code guard}): down when it does not answer within its
     * timeout.
     *
     * @param stores the store, when the starter made it
     * @return the part of the guard's health
     */
    @Bean
    @ConditionalOnMissingBean(name = "guardCounterStoreHealth")
    GuardHealth.Contributor guardCounterStoreHealth(ObjectProvider<PostgresCounterStore> stores) {
        return new GuardHealth.Contributor() {
            @Override
            public String name() {
                return "counters";
            }

            @Override
            public Map<String, Object> check() {
                PostgresCounterStore store = stores.getIfAvailable();
                if (store == null) {
                    return Map.of("store", "the application's own");
                }
                return Map.of("store", store.name(), "counters", store.counters().size());
            }
        };
    }

    /** A gauge per counter of the policies, when there is a Micrometer registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class Meters {

        /**
         * Registers {@code guard.counter.value} per counter (tag {@code counter}): its value in today's window,
         * summed over counterparties for a counter kept per counterparty; -1 while the store cannot be read.
         *
         * @param registry where the gauges go
         * @param stores   the store, when the starter made it (else no gauges)
         * @param policies the policies, for the counters and their windows
         * @return a marker bean
         */
        @Bean
        CounterGauges guardCounterGauges(MeterRegistry registry, ObjectProvider<PostgresCounterStore> stores,
                PolicyBundle policies) {
            PostgresCounterStore store = stores.getIfAvailable();
            for (VolumeCounter c : store == null ? List.<VolumeCounter>of() : policies.counters()) {
                Gauge.builder("guard.counter.value", () -> value(store, c)).tag("counter", c.key())
                        .description("Distinct subjects in the counter's window today").register(registry);
            }
            return new CounterGauges();
        }

        private static double value(PostgresCounterStore store, VolumeCounter c) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            try {
                double total = 0;
                for (String party : c.perCounterparty() ? store.counterparties(c.key())
                        : java.util.Collections.singletonList((String) null)) {
                    try {
                        total += store.count(c.key(), party, c.windowStart(today).toEpochDay(), today.toEpochDay(),
                                null);
                    } finally {
                        store.settle(false);
                    }
                }
                return total;
            } catch (CounterStoreException e) {
                return -1;
            }
        }
    }

    /** Marks that the counters' gauges are registered. */
    static final class CounterGauges {
    }
}
