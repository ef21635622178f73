package dev.transferguard.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transferguard.Guard;
import dev.transferguard.LegalBasis;
import dev.transferguard.Mode;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.spring.GuardAspect;
import dev.transferguard.spring.GuardBuilderCustomizer;
import dev.transferguard.spring.GuardedMethodsVerifier;
import dev.transferguard.spring.actuate.DecisionTally;
import dev.transferguard.spring.actuate.GuardEndpoint;
import dev.transferguard.spring.http.GuardClientHttpRequestInterceptor;
import dev.transferguard.spring.http.GuardExchangeFilterFunction;
import dev.transferguard.spring.metrics.GuardMetrics;
import dev.transferguard.spring.BootTypes;
import dev.transferguard.spring.web.TransferDeniedProblemHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

class GuardAutoConfigurationTest {

    static final AutoConfigurations ALL = AutoConfigurations.of(AopAutoConfiguration.class,
            GuardAutoConfiguration.class, GuardHttpClientAutoConfiguration.class,
            GuardWebClientAutoConfiguration.class, GuardMetricsAutoConfiguration.class,
            GuardEndpointAutoConfiguration.class, GuardWebMvcAutoConfiguration.class,
            GuardHealthAutoConfiguration.class);

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL)
            .withPropertyValues("guard.jurisdiction=CN");

    record Customer(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    /** A bean with guarded methods, as an application writes it. */
    public static class Exports {
        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        public String toSingapore(Customer customer) {
            return "sent to SG";
        }

        @GuardedTransfer(destination = "US", recipient = "acme-us", recipientKind = "commercial")
        public String toUnitedStates(Customer customer) {
            return "sent to US";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExportsConfiguration {
        @Bean
        Exports exports() {
            return new Exports();
        }
    }

    static final Customer LI = new Customer("c-1", "li@example.cn", "CN");

    @Test
    void theStarterMakesTheGuardFromTheShippedPacks() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Guard.class).hasSingleBean(PolicyBundle.class)
                    .hasSingleBean(GuardAspect.class).hasSingleBean(GuardedMethodsVerifier.class)
                    .hasSingleBean(GuardClientHttpRequestInterceptor.class)
                    .hasSingleBean(GuardExchangeFilterFunction.class).hasBean("guardHttpClientInstrumentation")
                    .hasBean("guardHttpClientCheck")
                    .doesNotHaveBean(TransferDeniedProblemHandler.class).doesNotHaveBean(GuardEndpoint.class)
                    .doesNotHaveBean(GuardMetrics.class);
            Guard guard = context.getBean(Guard.class);
            assertThat(guard.mode()).isEqualTo(Mode.ENFORCE);
            assertThat(guard.jurisdiction()).isEqualTo("CN");
            assertThat(guard.policies().packs()).extracting(PolicyBundle.Pack::id).contains("cn.pipl", "eu.gdpr");
            assertThat(guard.policies().digest())
                    .isEqualTo(PolicyBundle.fromClasspath("policies").digest());
        });
    }

    @Test
    void propertiesConfigureBasesHostsAndKey() {
        runner.withPropertyValues("guard.bases.destinations.SG=separate-consent, pipia",
                "guard.bases.recipients.acme-sg[0].name=cac-standard-contract",
                "guard.bases.recipients.acme-sg[0].since=2026-01-01",
                "guard.hosts.SG=api.acme.sg, *.acme.sg:8443", "guard.hosts.us=partner.example.com",
                "guard.pseudonym-key=a secret of sixteen bytes or more", "guard.http.allow-unmapped-hosts=true")
                .run(context -> {
                    Guard guard = context.getBean(Guard.class);
                    assertThat(guard.bases().forTransfer("acme-sg", "SG")).containsExactly(
                            new LegalBasis("cac-standard-contract", LocalDate.of(2026, 1, 1), null),
                            LegalBasis.of("separate-consent"), LegalBasis.of("pipia"));
                    assertThat(guard.hosts().jurisdictionOf("x.acme.sg", 8443)).contains("SG");
                    assertThat(guard.hosts().jurisdictionOf("partner.example.com", 443)).contains("US");
                });
    }

    @Test
    void propertiesConfigureBasesLimitedToJurisdictionsOrARecipient() {
        runner.withPropertyValues("guard.bases.every-transfer[0].name=rkn-notified",
                "guard.bases.every-transfer[0].since=2026-02-20",
                "guard.bases.every-transfer[0].jurisdictions=KZ, TR",
                "guard.bases.every-transfer[1].name=cac-standard-contract",
                "guard.bases.every-transfer[1].recipient=Acme-SG")
                .run(context -> {
                    Guard guard = context.getBean(Guard.class);
                    assertThat(guard.bases().forTransfer(null, "AM")).containsExactly(
                            new LegalBasis("rkn-notified", LocalDate.of(2026, 2, 20), null).limitedTo("KZ", "TR"),
                            LegalBasis.of("cac-standard-contract").limitedToRecipient("acme-sg"));
                });
        runner.withPropertyValues("guard.bases.every-transfer[0].name=rkn-notified",
                "guard.bases.every-transfer[0].jurisdictions=XX").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("unknown jurisdiction 'XX' in bases[0].jurisdictions"));
    }

    @Test
    void configurationMistakesStopTheStart() {
        runner.withPropertyValues("guard.bases.destinations.SG=pipa").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("unknown legal basis 'pipa'")
                .hasMessageContaining("did you mean 'pipia'?"));
        runner.withPropertyValues("guard.hosts.XX=a.example").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("host rule for unknown jurisdiction 'XX'"));
        runner.withPropertyValues("guard.policies=classpath:nowhere").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("no policy index nowhere/index.txt"));
    }

    @Test
    void guardedBeansAreEnforced() {
        runner.withUserConfiguration(ExportsConfiguration.class)
                .withPropertyValues("guard.bases.destinations.SG=separate-consent, pipia", "guard.entity.ciio=false",
                        "guard.entity.ftz=false").run(context -> {
                    Exports exports = context.getBean(Exports.class);
                    assertThat(exports.toSingapore(LI)).isEqualTo("sent to SG");
                    assertThatThrownBy(() -> exports.toUnitedStates(LI)).isInstanceOf(TransferDeniedException.class)
                            .hasMessageContaining("would be allowed with pipia + separate-consent");
                });
    }

    @Test
    void monitorModeLetsDenialsThrough() {
        runner.withUserConfiguration(ExportsConfiguration.class).withPropertyValues("guard.mode=monitor")
                .run(context -> assertThat(context.getBean(Exports.class).toUnitedStates(LI)).isEqualTo("sent to US"));
    }

    @Test
    void offModeInterceptsNothing() {
        new WebApplicationContextRunner().withConfiguration(ALL).withUserConfiguration(ExportsConfiguration.class)
                .withPropertyValues("guard.mode=off").run(context -> {
                    assertThat(context).hasSingleBean(Guard.class).doesNotHaveBean(GuardAspect.class)
                            .doesNotHaveBean(GuardedMethodsVerifier.class)
                            .doesNotHaveBean(GuardClientHttpRequestInterceptor.class)
                            .doesNotHaveBean(GuardExchangeFilterFunction.class)
                            .doesNotHaveBean(TransferDeniedProblemHandler.class);
                    assertThat(context.getBean(Guard.class).mode()).isEqualTo(Mode.OFF);
                    assertThat(context.getBean(Exports.class).toUnitedStates(LI)).isEqualTo("sent to US");
                });
    }

    record Misspelt(@PersonalData(category = "personal.contct") String email) {
    }

    public static class MisspeltExports {
        @GuardedTransfer(destination = "SG")
        public void send(List<Misspelt> m) {
        }
    }

    @Test
    void annotationMistakesStopTheStartNamingClassAndField() {
        runner.withBean(MisspeltExports.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(dev.transferguard.InvalidAnnotationException.class).hasMessageEndingWith("GuardAutoConfigurationTest$Misspelt.email: @PersonalData names unknown"
                        + " category 'personal.contct'; did you mean 'personal.contact'?"));
    }

    @Test
    void theExportersAttributesAreTypedAndCheckedAgainstThePolicies() {
        runner.withPropertyValues("guard.entity.ciio=false", "guard.entity.ftz=TRUE").run(context ->
                assertThat(context.getBean(Guard.class).entity()).isEqualTo(Map.of("ciio", false, "ftz", true)));
        runner.withPropertyValues("guard.entity.cio=false").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessage("facts on file: unknown attribute 'entity.cio' in entity.cio; did you mean"
                        + " 'entity.ciio'?"));
        assertThat(GuardAutoConfiguration.attributeValue(" 1200 ")).isEqualTo(1200L);
        assertThat(GuardAutoConfiguration.attributeValue("finance")).isEqualTo("finance");
    }

    @Test
    void beansBackOffForTheApplicationsOwn() {
        PolicyBundle own = PolicyBundle.of(Map.of("v.guard", "bundle default deny\ncategory personal \"x\"\n"));
        Guard mine = Guard.builder().policies(own).jurisdiction("DE").build();
        GuardClientHttpRequestInterceptor interceptor = new GuardClientHttpRequestInterceptor();
        GuardAspect aspect = new GuardAspect(mine, 0);
        runner.withBean(Guard.class, () -> mine).withBean(GuardClientHttpRequestInterceptor.class, () -> interceptor)
                .withBean(GuardAspect.class, () -> aspect).run(context -> {
                    assertThat(context.getBean(Guard.class)).isSameAs(mine);
                    assertThat(context.getBean(GuardClientHttpRequestInterceptor.class)).isSameAs(interceptor);
                    assertThat(context.getBean(GuardAspect.class)).isSameAs(aspect);
                });
        runner.withBean(PolicyBundle.class, () -> own).run(context -> {
            assertThat(context.getBean(Guard.class).policies()).isSameAs(own);
        });
    }

    @Test
    void metersEndpointProblemHandlersAndTheWebClientFilterBackOffForTheApplicationsOwn() {
        Guard mine = Guard.builder()
                .policies(PolicyBundle.of(Map.of("v.guard", "bundle default deny\ncategory personal \"x\"\n")))
                .jurisdiction("DE").build();
        MeterRegistry registry = new SimpleMeterRegistry();
        GuardMetrics metrics = new GuardMetrics(registry);
        GuardEndpoint endpoint = new GuardEndpoint(mine, new DecisionTally());
        TransferDeniedProblemHandler handler = new TransferDeniedProblemHandler();
        new WebApplicationContextRunner().withConfiguration(ALL)
                .withPropertyValues("guard.jurisdiction=CN", "management.endpoints.web.exposure.include=guard")
                .withBean(MeterRegistry.class, () -> registry).withBean(GuardMetrics.class, () -> metrics)
                .withBean(GuardEndpoint.class, () -> endpoint)
                .withBean(TransferDeniedProblemHandler.class, () -> handler).run(context -> {
                    assertThat(context.getBean(GuardMetrics.class)).isSameAs(metrics);
                    assertThat(context.getBean(GuardEndpoint.class)).isSameAs(endpoint);
                    assertThat(context.getBean(TransferDeniedProblemHandler.class)).isSameAs(handler);
                });
        GuardExchangeFilterFunction filter = new GuardExchangeFilterFunction();
        new ReactiveWebApplicationContextRunner().withConfiguration(ALL)
                .withConfiguration(AutoConfigurations.of(GuardWebFluxAutoConfiguration.class))
                .withPropertyValues("guard.jurisdiction=CN")
                .withBean(GuardExchangeFilterFunction.class, () -> filter)
                .withBean(TransferDeniedProblemHandler.class, () -> handler).run(context -> {
                    assertThat(context.getBean(GuardExchangeFilterFunction.class)).isSameAs(filter);
                    assertThat(context.getBean(TransferDeniedProblemHandler.class)).isSameAs(handler);
                });
    }

    @Test
    void customizersAndListenersReachTheBuilder() {
        List<String> heard = new java.util.ArrayList<>();
        runner.withUserConfiguration(ExportsConfiguration.class)
                .withBean(GuardBuilderCustomizer.class, () -> b -> b.listener((t, d, n) -> heard.add(t.destination())))
                .withBean(dev.transferguard.DecisionListener.class, () -> (t, d, n) -> heard.add(d.outcome().name()))
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(Exports.class).toUnitedStates(LI));
                    assertThat(heard).containsExactlyInAnyOrder("US", "DENY");
                });
    }

    @Test
    void metricsOnlyWithMicrometer() {
        ApplicationContextRunner withRegistry = runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(ExportsConfiguration.class);
        withRegistry.run(context -> {
            assertThat(context).hasSingleBean(GuardMetrics.class);
            assertThatThrownBy(() -> context.getBean(Exports.class).toUnitedStates(LI));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(GuardMetrics.DECISIONS).tag("outcome", "deny").counter().count()).isEqualTo(1.0);
            assertThat(registry.get(GuardMetrics.DECISIONS).counters()).extracting(c -> c.count())
                    .as("one count per decision").containsExactlyInAnyOrder(0.0, 1.0);
            assertThat(registry.get(GuardMetrics.PACK_VERDICTS).tag("outcome", "deny").tag("pack", "cn.pipl")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get(GuardMetrics.DURATION).tag("outcome", "deny").timer().count()).isEqualTo(1);
        });
        withRegistry.withPropertyValues("guard.mode=monitor").run(context -> {
            context.getBean(Exports.class).toUnitedStates(LI);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(GuardMetrics.DECISIONS).tag("outcome", "would-deny").counter().count())
                    .as("a denial monitor mode let through").isEqualTo(1.0);
            assertThat(registry.find(GuardMetrics.DECISIONS).tag("outcome", "deny").counter()).isNull();
        });
        withRegistry.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(GuardMetrics.class));
    }

    @Test
    void eachGuardedCallIsAnObservation() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                seen.add(context.getName() + " " + context.getLowCardinalityKeyValue("method").getValue() + " "
                        + context.getLowCardinalityKeyValue("outcome").getValue());
            }
        });
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("guard.bases.destinations.SG=separate-consent, pipia", "guard.entity.ciio=false",
                        "guard.entity.ftz=false")
                .withUserConfiguration(ExportsConfiguration.class).run(context -> {
                    Exports exports = context.getBean(Exports.class);
                    exports.toSingapore(LI);
                    assertThatThrownBy(() -> exports.toUnitedStates(LI)).isInstanceOf(TransferDeniedException.class);
                    assertThat(seen).containsExactly("guard.call Exports.toSingapore allowed",
                            "guard.call Exports.toUnitedStates denied");
                });
    }

    @Test
    void theEndpointOnlyWithActuatorAndWhenExposed() {
        ApplicationContextRunner exposed = runner.withPropertyValues("management.endpoints.web.exposure.include=guard");
        exposed.run(context -> {
            assertThat(context).hasSingleBean(GuardEndpoint.class);
            GuardEndpoint.GuardDescriptor d = context.getBean(GuardEndpoint.class).guard();
            assertThat(d.mode()).isEqualTo("enforce");
            assertThat(d.jurisdiction()).isEqualTo("CN");
            assertThat(d.policyDigest()).startsWith("sha256:");
            assertThat(d.packs()).extracting(GuardEndpoint.PackDescriptor::id).contains("cn.pipl");
        });
        exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(GuardEndpoint.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(GuardEndpoint.class));
    }

    @Test
    void theWebClientFilterOnlyWithWebFlux() {
        runner.withClassLoader(new FilteredClassLoader(WebClient.class)).run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(GuardExchangeFilterFunction.class)
                .hasSingleBean(GuardClientHttpRequestInterceptor.class));
    }

    @Test
    void everyHttpClientOfTheContextCarriesTheCheckFirst() {
        runner.withBean("partnerClient", RestClient.Builder.class, RestClient::builder)
                .withBean("partnerTemplate", RestTemplate.class, RestTemplate::new)
                .withBean("templates", Object.class, BootTypes::newRestTemplateBuilder)
                .withBean("partnerWebClient", WebClient.Builder.class, WebClient::builder).run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(RestClient.Builder.class).requestInterceptors(list -> assertThat(list)
                            .first().isInstanceOf(GuardClientHttpRequestInterceptor.class));
                    assertThat(context.getBean(RestTemplate.class).getInterceptors()).first()
                            .isInstanceOf(GuardClientHttpRequestInterceptor.class);
                    assertThat(BootTypes.build(context.getBean("templates")).getInterceptors()).first()
                            .isInstanceOf(GuardClientHttpRequestInterceptor.class);
                    context.getBean(WebClient.Builder.class).filters(list -> assertThat(list).first()
                            .isInstanceOf(GuardExchangeFilterFunction.class));
                });
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void anHttpClientLeftWithoutTheCheckStopsEnforceModeAtStartup(
            org.springframework.boot.test.system.CapturedOutput output) {
        // The starter's HTTP check missing, as a moved or absent class would leave it: not silently off.
        ApplicationContextRunner unchecked = runner.withBean("partnerClient", RestClient.Builder.class,
                RestClient::builder).withClassLoader(new FilteredClassLoader(GuardClientHttpRequestInterceptor.class));
        unchecked.run(context -> assertThat(context).getFailure()
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessageContaining("outbound HTTP calls of guarded methods could not be checked: bean "
                        + "'partnerClient' (Builder): the starter's HTTP check is not configured"));
        unchecked.withPropertyValues("guard.mode=monitor").run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getAll()).contains("ERROR").contains(
                "monitor mode: outbound HTTP calls of guarded methods are not checked: bean 'partnerClient'");
        unchecked.withPropertyValues("guard.http.enabled=false").run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getAll()).contains(
                "guard.http.enabled=false: outbound HTTP calls of guarded methods are not checked");
    }

    @Test
    void noAspectWithoutAspectJ() {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> assertThat(context)
                .hasSingleBean(Guard.class).doesNotHaveBean(GuardAspect.class));
    }

    @Test
    void denialsAreAnsweredWith451InServletApplications() {
        WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(ALL)
                .withPropertyValues("guard.jurisdiction=CN");
        web.run(context -> assertThat(context).hasSingleBean(TransferDeniedProblemHandler.class));
        web.withPropertyValues("guard.web.problem-details=false")
                .run(context -> assertThat(context).doesNotHaveBean(TransferDeniedProblemHandler.class));
        assertThat(Optional.of(new TransferDeniedProblemHandler())).isPresent();
        ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
                .withConfiguration(ALL).withConfiguration(AutoConfigurations.of(GuardWebFluxAutoConfiguration.class))
                .withPropertyValues("guard.jurisdiction=CN");
        reactive.run(context -> assertThat(context).hasSingleBean(TransferDeniedProblemHandler.class));
        reactive.withPropertyValues("guard.web.problem-details=false")
                .run(context -> assertThat(context).doesNotHaveBean(TransferDeniedProblemHandler.class));
    }
}
