package dev.transferguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transferguard.Guard;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.InMemoryCounterStore;
import dev.transferguard.postgres.PostgresCounterStore;
import dev.transferguard.spring.actuate.GuardHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code guard.counters.store=postgres} against a real PostgreSQL server: the guard counts in the application's
 * database, the store reports its health and its counters as gauges, and an application's own store wins.
 */
class GuardCountersAutoConfigurationIT {

    private static EmbeddedPostgres server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GuardCountersAutoConfiguration.class, GuardAutoConfiguration.class))
            .withPropertyValues("guard.jurisdiction=CN", "guard.counters.store=postgres",
                    "guard.pseudonym-key=a secret shared by every instance")
            .withBean(DataSource.class, () -> server.getPostgresDatabase());

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static Transfer export(String id) {
        return Transfer.builder().date(LocalDate.now(ZoneOffset.UTC)).origin("CN").destination("SG")
                .categories("personal.contact").subjects(new Subjects(List.of("CN"), List.of(), 1, List.of(id)))
                .entity("ciio", false).entity("ftz", false)
                .recipient(new Recipient("acme-sg", "commercial", "SG", false)).bases("separate-consent", "pipia")
                .build();
    }

    @Test
    void theGuardCountsInTheApplicationsDatabaseWithHealthAndGauges() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(PostgresCounterStore.class);
            Guard guard = context.getBean(Guard.class);
            assertThat(guard.decide(export("li@example.cn")).allowed()).isTrue();
            assertThat(guard.decide(export("li@example.cn")).allowed()).isTrue();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("guard.counter.value").tag("counter", "cn.pipl/exported_personal").gauge().value())
                    .isEqualTo(1.0);
            GuardHealth.Contributor health = context.getBean("guardCounterStoreHealth", GuardHealth.Contributor.class);
            assertThat(health.check()).containsKeys("store", "counters");
            assertThat(new GuardHealth(guard, null, List.of(health)).check().up()).isTrue();
        });
    }

    @Test
    void aStoreThatCannotBeReachedIsDownAndDeniesAndTheApplicationsOwnStoreWins() {
        runner.withPropertyValues("guard.counters.url=jdbc:postgresql://127.0.0.1:1/none?user=u",
                "guard.counters.timeout=300ms").withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
                    GuardHealth.Contributor health = context.getBean("guardCounterStoreHealth",
                            GuardHealth.Contributor.class);
                    GuardHealth.Report report = new GuardHealth(context.getBean(Guard.class), null, List.of(health))
                            .check();
                    assertThat(report.up()).isFalse();
                    assertThat(report.details().get("counters")).asString().contains("problem");
                    assertThat(context.getBean(Guard.class).decide(export("x")).reasons().get(0).pack())
                            .isEqualTo("counters");
                    // A gauge that cannot be read says so with -1, never with a count of 0 that looks like room.
                    assertThat(context.getBean(MeterRegistry.class).get("guard.counter.value")
                            .tag("counter", "cn.pipl/exported_personal").gauge().value()).isEqualTo(-1.0);
                });
        runner.withBean(CounterStore.class, InMemoryCounterStore::new)
                .run(context -> assertThat(context).doesNotHaveBean(PostgresCounterStore.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GuardCountersAutoConfiguration.class, GuardAutoConfiguration.class))
                .withPropertyValues("guard.counters.store=postgres")
                .withBean(DataSource.class, () -> server.getPostgresDatabase())
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("needs a pseudonym key shared by every instance"));
    }
}
