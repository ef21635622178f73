package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.annotation.Destination;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Guard#protect} with the repository's shipped policies: CN's PIPL rules. */
class GuardProtectTest {

    static final PolicyBundle POLICIES = PolicyBundle.load(Repository.file("policies"));

    record Customer(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    interface Exporter {
        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        String toSingapore(List<Customer> customers);

        @GuardedTransfer(destination = "US", recipient = "acme-us", recipientKind = "commercial")
        String toUnitedStates(List<Customer> customers);

        @GuardedTransfer(recipient = "partner", recipientKind = "commercial")
        String toPartner(@Destination URI partner, Customer customer);

        @GuardedTransfer(destination = "SG", recipientKind = "commercial")
        String failing(Customer customer) throws IOException;

        String unguarded(Customer customer);
    }

    /** Records what reached it, and what the guarded call looked like from inside. */
    static class Recorder implements Exporter {
        final List<String> calls = new ArrayList<>();
        final AtomicReference<GuardedCall> inside = new AtomicReference<>();

        @Override
        public String toSingapore(List<Customer> customers) {
            GuardedCall.current().ifPresent(inside::set);
            calls.add("SG");
            return "sent " + customers.size();
        }

        @Override
        public String toUnitedStates(List<Customer> customers) {
            calls.add("US");
            return "sent";
        }

        @Override
        public String toPartner(URI partner, Customer customer) {
            calls.add(partner.getHost());
            return "sent";
        }

        @Override
        public String failing(Customer customer) throws IOException {
            throw new IOException("disk full");
        }

        @Override
        public String unguarded(Customer customer) {
            calls.add("unguarded");
            return "ok";
        }
    }

    static final List<Customer> CUSTOMERS = List.of(new Customer("c-1", "li@example.cn", "CN"),
            new Customer("c-2", "wang@example.cn", "CN"));

    static Guard.Builder guard(Mode mode) {
        return Guard.builder().policies(POLICIES).mode(mode).jurisdiction("CN").entity("ciio", false)
                .entity("ftz", false)
                .pseudonymKey("the service's pseudonym key".getBytes(StandardCharsets.UTF_8))
                .bases(BasesOnFile.builder()
                        .destination("SG", LegalBasis.of("separate-consent"), LegalBasis.of("pipia"))
                        .build())
                .hosts(HostRules.builder().host("SG", "api.acme.sg").host("US", "*.acme.com").build());
    }

    final Recorder target = new Recorder();
    final Exporter exporter = guard(Mode.ENFORCE).build().protect(Exporter.class, target);

    @Test
    void theAuditRecordNamesTheServiceAndTheGuardedMethod(@TempDir Path logDir) {
        try (AuditLog log = AuditLog.builder().directory(logDir).origin("test.example/protect")
                .signingKey(SigningKey.generate("protect-test"))
                .pseudonymKey("the log's pseudonym key".getBytes(StandardCharsets.UTF_8)).open()) {
            Exporter audited = guard(Mode.ENFORCE).audit(log).caller(Caller.service("crm"))
                    .build().protect(Exporter.class, target);
            audited.toSingapore(CUSTOMERS);
            log.flush();
            try (var records = AuditReader.records(logDir)) {
                List<Caller> callers = records.map(AuditRecord::caller).toList();
                assertEquals(1, callers.size());
                assertEquals("crm", callers.get(0).service());
                assertTrue(callers.get(0).method().contains("toSingapore"), callers.get(0).toString());
            }
        }
    }

    @Test
    void anAllowedTransferReachesTheTarget() {
        assertEquals("sent 2", exporter.toSingapore(CUSTOMERS));
        assertEquals(List.of("SG"), target.calls);
    }

    @Test
    void theExportersAttributesOnFileReachEveryTransferAndUnsaidOnesCountAtTheirWorst() {
        exporter.toSingapore(CUSTOMERS);
        assertEquals(Map.of("ciio", false, "ftz", false), target.inside.get().transfer().entity());

        // Nobody said whether the exporter operates critical information infrastructure: it may.
        Exporter unsaid = Guard.builder().policies(POLICIES).jurisdiction("CN").entity("ftz", false)
                .bases(BasesOnFile.builder()
                        .destination("SG", LegalBasis.of("separate-consent"), LegalBasis.of("pipia")).build())
                .build().protect(Exporter.class, target);
        TransferDeniedException e = assertThrows(TransferDeniedException.class, () -> unsaid.toSingapore(CUSTOMERS));
        assertTrue(e.getMessage().contains("cn.pipl/security-assessment-personal"), e.getMessage());

        GuardException typo = assertThrows(GuardException.class,
                () -> guard(Mode.ENFORCE).entity("cio", false).build());
        assertTrue(typo.getMessage().startsWith("facts on file: unknown attribute 'entity.cio'"), typo.getMessage());
    }

    @Test
    void aDeniedTransferNeverReachesTheTarget() {
        TransferDeniedException e = assertThrows(TransferDeniedException.class,
                () -> exporter.toUnitedStates(CUSTOMERS));
        assertEquals(List.of(), target.calls);
        assertFalse(e.decision().allowed());
        assertTrue(e.getMessage().contains("needs separate-consent"), e.getMessage());
        assertTrue(e.getMessage().contains("would be allowed with pipia + separate-consent"), e.getMessage());
        assertFalse(e.getMessage().contains("li@example.cn") || e.getMessage().contains("c-1"));
    }

    @Test
    void theTransferHasCategoriesPseudonymousSubjectsAndBasesOnFile() {
        exporter.toSingapore(CUSTOMERS);
        GuardedCall call = target.inside.get();
        Transfer t = call.transfer();
        assertEquals("CN", t.origin());
        assertEquals("SG", t.destination());
        assertEquals(List.of("personal.contact"), t.categories());
        assertEquals(2, t.subjects().count());
        assertEquals(List.of("CN"), t.subjects().residence());
        assertTrue(t.subjects().ids().stream().allMatch(id -> id.startsWith("hmac-sha256:")));
        assertEquals(List.of(LegalBasis.of("separate-consent"), LegalBasis.of("pipia")), t.bases());
        assertEquals(new Recipient("acme-sg", "commercial", null, null), t.recipient(), "covered person: unsaid");
        assertEquals("Recorder.toSingapore", call.method());
        assertTrue(GuardedCall.current().isEmpty(), "the call ended with the method");
    }

    @Test
    void theDestinationComesFromTheUrlHost() {
        assertEquals("sent", exporter.toPartner(URI.create("https://api.acme.sg/import"), CUSTOMERS.get(0)));
        assertThrows(TransferDeniedException.class,
                () -> exporter.toPartner(URI.create("https://eu.acme.com/import"), CUSTOMERS.get(0)));
        TransferDeniedException unmapped = assertThrows(TransferDeniedException.class,
                () -> exporter.toPartner(URI.create("https://unknown.example.org/"), CUSTOMERS.get(0)));
        assertTrue(unmapped.getMessage().contains("no host rule gives the jurisdiction of host unknown.example.org"),
                unmapped.getMessage());
        assertEquals(List.of("api.acme.sg"), target.calls);
    }

    @Test
    void outboundCallsInsideAGuardedCallAreChecked() {
        Guard guard = guard(Mode.ENFORCE).build();
        List<String> seen = new ArrayList<>();
        Exporter checking = guard.protect(Exporter.class, new Recorder() {
            @Override
            public String toSingapore(List<Customer> customers) {
                GuardedCall call = GuardedCall.current().orElseThrow();
                assertSame(call.decision(), call.checkOutbound(URI.create("https://api.acme.sg/v1")));
                seen.add("SG host allowed");
                TransferDeniedException e = assertThrows(TransferDeniedException.class,
                        () -> call.checkOutbound(URI.create("https://us.acme.com/v1")));
                assertTrue(e.getMessage().startsWith("Outbound call from "), e.getMessage());
                assertTrue(e.getMessage().contains("to us.acme.com (US)"), e.getMessage());
                assertThrows(TransferDeniedException.class,
                        () -> call.checkOutbound(URI.create("http://elsewhere.example/")));
                seen.add("others stopped");
                return "done";
            }
        });
        assertEquals("done", checking.toSingapore(CUSTOMERS));
        assertEquals(List.of("SG host allowed", "others stopped"), seen);
    }

    @Test
    void monitorModeLetsADenialThrough() {
        Exporter monitored = guard(Mode.MONITOR).build().protect(Exporter.class, target);
        assertEquals("sent", monitored.toUnitedStates(CUSTOMERS));
        assertEquals("sent", monitored.toPartner(URI.create("https://unknown.example.org/"), CUSTOMERS.get(0)));
        assertEquals(List.of("US", "unknown.example.org"), target.calls);
    }

    @Test
    void offModeDecidesNothing() {
        List<Decision> decided = new ArrayList<>();
        Exporter off = guard(Mode.OFF).listener((t, d, nanos) -> decided.add(d)).build()
                .protect(Exporter.class, target);
        assertEquals("sent", off.toUnitedStates(CUSTOMERS));
        assertEquals(List.of(), decided);
    }

    @Test
    void unguardedMethodsAndCallsWithoutPersonalDataGoStraightThrough() {
        assertEquals("ok", exporter.unguarded(CUSTOMERS.get(0)));
        assertEquals("sent", exporter.toUnitedStates(List.of(new Customer("c-3", null, "CN")).subList(0, 0)));
        assertEquals(List.of("unguarded", "US"), target.calls);
    }

    @Test
    void whatTheTargetThrowsIsThrownAsItIs() {
        IOException e = assertThrows(IOException.class, () -> exporter.failing(CUSTOMERS.get(0)));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void listenersHearEveryDecision() {
        List<String> heard = new ArrayList<>();
        Exporter listened = guard(Mode.ENFORCE)
                .listener((t, d, nanos) -> heard.add(t.destination() + " " + d.outcome() + (nanos >= 0 ? "" : "?")))
                .build().protect(Exporter.class, target);
        listened.toSingapore(CUSTOMERS);
        assertThrows(TransferDeniedException.class, () -> listened.toUnitedStates(CUSTOMERS));
        assertEquals(List.of("SG ALLOW", "US DENY"), heard);
    }

    @Test
    void theProxyIsAnObject() {
        assertEquals(exporter, exporter);
        assertNotEquals(exporter, guard(Mode.ENFORCE).build().protect(Exporter.class, target));
        assertEquals(System.identityHashCode(exporter), exporter.hashCode());
        assertTrue(exporter.toString().startsWith("Guarded "));
    }

    @Test
    void theSameKeyGivesTheSamePseudonyms() {
        Guard a = guard(Mode.ENFORCE).build();
        Guard b = guard(Mode.ENFORCE).build();
        Object[] args = {CUSTOMERS};
        java.lang.reflect.Method m = method("toSingapore");
        assertEquals(a.method(m, null).transfer(args).orElseThrow().subjects().ids(),
                b.method(m, null).transfer(args).orElseThrow().subjects().ids());
        assertSame(a.method(m, null), a.method(m, null), "planned once");
    }

    static java.lang.reflect.Method method(String name) {
        for (java.lang.reflect.Method m : Exporter.class.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name);
    }

    interface NoDestination {
        @GuardedTransfer
        void send(Customer c);
    }

    interface MisspeltKind {
        @GuardedTransfer(destination = "SG", recipientKind = "comercial")
        void send(Customer c);
    }

    record Misspelt(@PersonalData(category = "personal.contct") String email) {
    }

    interface MisspeltCategory {
        @GuardedTransfer(destination = "SG")
        void send(List<Misspelt> m);
    }

    @Test
    void annotationMistakesFailWhenProtecting() {
        Guard guard = guard(Mode.ENFORCE).build();
        assertEquals("NoDestination.send: @GuardedTransfer needs a destination: set destination = \"XX\", or mark a"
                + " parameter @Destination", assertThrows(InvalidAnnotationException.class,
                        () -> guard.protect(NoDestination.class, c -> { })).getMessage().replace("GuardProtectTest$", ""));
        assertEquals("MisspeltKind.send: @GuardedTransfer: unknown recipient kind 'comercial' in recipient.kind;"
                + " did you mean 'commercial'?", assertThrows(InvalidAnnotationException.class,
                        () -> guard.protect(MisspeltKind.class, c -> { })).getMessage().replace("GuardProtectTest$", ""));
        assertTrue(assertThrows(InvalidAnnotationException.class,
                () -> guard.protect(MisspeltCategory.class, c -> { })).getMessage()
                .endsWith("Misspelt.email: @PersonalData names unknown category 'personal.contct'; did you mean"
                        + " 'personal.contact'?"));
        assertTrue(assertThrows(InvalidAnnotationException.class,
                () -> Guard.builder().policies(POLICIES).build().protect(Exporter.class, target)).getMessage()
                .contains("no origin"));
    }

    @Test
    void configurationMistakesFailWhenBuilding() {
        assertThrows(IllegalArgumentException.class, () -> Guard.builder().jurisdiction("China"));
        assertThrows(IllegalArgumentException.class, () -> Guard.builder().pseudonymKey(new byte[8]));
        GuardException e = assertThrows(GuardException.class, () -> guard(Mode.ENFORCE)
                .bases(BasesOnFile.builder().recipient("acme", LegalBasis.of("pipa")).build()).build());
        assertEquals("facts on file: unknown legal basis 'pipa' in bases[0]; did you mean 'pipia'?", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> guard(Mode.ENFORCE).build().protect(Recorder.class,
                target));
    }
}
