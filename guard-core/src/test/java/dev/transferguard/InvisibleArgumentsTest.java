package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.policy.PolicyBundle;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Personal data inside a Stream, an Iterator, a Supplier, an AtomicReference, a Map.Entry or a map's keys was
 * not seen by the classifier: the guarded method ran with no decision at all (20,000 health records to a
 * broker in China). Each such parameter is now refused when the method is planned, map keys are classified
 * like values, and an opaque holder found at run time under an {@code Object} parameter stops the call.
 */
class InvisibleArgumentsTest {

    static final PolicyBundle POLICIES = PolicyBundle.load(Repository.file("policies"));

    record Patient(@SubjectId String id, @PersonalData(category = "personal.sensitive.health") String diagnosis,
            @SubjectResidence String residence) {
    }

    interface StreamExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Stream<Patient> patients);
    }

    interface IteratorExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Iterator<Patient> patients);
    }

    interface SupplierExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Supplier<List<Patient>> patients);
    }

    interface ReferenceExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(AtomicReference<Patient> patient);
    }

    interface FutureExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(java.util.concurrent.Future<List<Patient>> patients);
    }

    interface EntryExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(List<Map.Entry<Patient, String>> patients);
    }

    interface MapKeyExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Map<Patient, String> notes);
    }

    interface ObjectExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Object payload);
    }

    /** Opaque holders of plain values are harmless: nothing in them can be personal data the guard could see. */
    interface HarmlessExporter {
        @GuardedTransfer(destination = "CN", recipient = "broker-cn", recipientKind = "commercial",
                transaction = "data-brokerage")
        void send(Patient patient, Supplier<String> label, AtomicReference<Integer> tries);
    }

    private static Guard usGuard() {
        return Guard.builder().policies(POLICIES).jurisdiction("US").build();
    }

    private static List<Patient> patients(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Patient("p" + i, "flu", "US")).toList();
    }

    @Test
    void opaqueParametersThatMayHoldDataAreRefusedAtPlanning() {
        Guard guard = usGuard();
        AtomicBoolean reached = new AtomicBoolean();
        List<Runnable> attempts = List.of(
                () -> guard.protect(StreamExporter.class, p -> reached.set(true)),
                () -> guard.protect(IteratorExporter.class, p -> reached.set(true)),
                () -> guard.protect(SupplierExporter.class, p -> reached.set(true)),
                () -> guard.protect(ReferenceExporter.class, p -> reached.set(true)),
                () -> guard.protect(EntryExporter.class, p -> reached.set(true)),
                () -> guard.protect(FutureExporter.class, p -> reached.set(true)));
        List<String> holders = List.of("java.util.stream.Stream", "java.util.Iterator", "java.util.function.Supplier",
                "java.util.concurrent.atomic.AtomicReference", "java.util.Map$Entry", "java.util.concurrent.Future");
        for (int i = 0; i < attempts.size(); i++) {
            InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class, attempts.get(i)::run);
            assertTrue(e.getMessage().contains("a " + holders.get(i) + " may hold personal data"), e.getMessage());
        }
        assertFalse(reached.get());
    }

    @Test
    void mapKeysAreClassifiedLikeValues() {
        AtomicBoolean reached = new AtomicBoolean();
        MapKeyExporter exporter = usGuard().protect(MapKeyExporter.class, n -> reached.set(true));
        Map<Patient, String> notes = new java.util.HashMap<>();
        patients(20_000).forEach(p -> notes.put(p, "note"));
        TransferDeniedException denied = assertThrows(TransferDeniedException.class, () -> exporter.send(notes));
        assertTrue(denied.decision().reasons().stream().anyMatch(r -> r.pack().startsWith("us.")),
                denied.decision().explain());
        assertFalse(reached.get(), "the health records never reach the broker");
    }

    @Test
    void anOpaqueHolderFoundAtRunTimeStopsTheCall() {
        AtomicBoolean reached = new AtomicBoolean();
        ObjectExporter exporter = usGuard().protect(ObjectExporter.class, p -> reached.set(true));
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> exporter.send(patients(20_000).stream()));
        assertTrue(e.getMessage().contains("cannot see without consuming it"), e.getMessage());
        assertFalse(reached.get());
        // The same records in a list are seen, and decided.
        assertThrows(TransferDeniedException.class, () -> exporter.send(patients(20_000)));
        assertFalse(reached.get());
    }

    @Test
    void inMonitorModeAnOpaqueHolderFoundAtRunTimeLetsTheCallRunAndIsLoggedAtError() {
        AtomicBoolean reached = new AtomicBoolean();
        ObjectExporter exporter = Guard.builder().policies(POLICIES).jurisdiction("US").mode(Mode.MONITOR).build()
                .protect(ObjectExporter.class, p -> reached.set(true));
        try (LogCapture captured = LogCapture.of(GuardedMethod.class)) {
            exporter.send(patients(3).stream());
            assertTrue(reached.get(), "monitor mode never stops a call");
            List<String> errors = captured.at(ch.qos.logback.classic.Level.ERROR);
            assertEquals(1, errors.size(), captured.all().toString());
            assertTrue(errors.get(0).contains("cannot see without consuming it"), errors.get(0));
            assertFalse(captured.all().toString().contains("p1"), "no value of the records in the log");
        }
    }

    @Test
    void holdersOfPlainValuesAreAllowed() {
        AtomicBoolean reached = new AtomicBoolean();
        // Planned without complaint; decided like any other call (denied here: no safeguards for CN).
        HarmlessExporter exporter = Guard.builder().policies(POLICIES).jurisdiction("DE").build()
                .protect(HarmlessExporter.class, (p, label, tries) -> reached.set(true));
        TransferDeniedException denied = assertThrows(TransferDeniedException.class,
                () -> exporter.send(new Patient("p1", "flu", "DE"), () -> "x", new AtomicReference<>(1)));
        assertTrue(denied.decision().reasons().stream().anyMatch(r -> r.pack().equals("eu.gdpr")));
        assertFalse(reached.get());
    }
}
