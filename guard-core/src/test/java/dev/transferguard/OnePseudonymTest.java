package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guarded call's subject ids are pseudonymised once, with one key: the audit log's when the guard records,
 * the guard's own otherwise. Records, listeners, the call in progress and its outbound checks all see the same
 * pseudonym, and counters rebuilt from the log after a restart count the same person once.
 */
class OnePseudonymTest {

    private static final byte[] GUARD_KEY = "the guard's own pseudonym key".getBytes(StandardCharsets.UTF_8);

    record Person(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    interface Export {
        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        List<String> send(List<Person> people);
    }

    /** Answers with the ids the call in progress carries, after checking an outbound call to the US. */
    static final class Target implements Export {
        @Override
        public List<String> send(List<Person> people) {
            GuardedCall call = GuardedCall.current().orElseThrow();
            call.checkOutbound(URI.create("https://api.acme.com/import"));
            return call.transfer().subjects().ids();
        }
    }

    @TempDir
    Path dir;

    private final List<Transfer> heard = new ArrayList<>();

    private static Person person(String id) {
        return new Person(id, id + "@example.cn", "CN");
    }

    private Guard.Builder guard() {
        return Guard.builder().policies(GuardAuditTest.SMALL_THRESHOLD).jurisdiction("CN")
                .bases(BasesOnFile.builder().destination("SG", LegalBasis.of("separate-consent"))
                        .destination("US", LegalBasis.of("separate-consent")).build())
                .hosts(HostRules.builder().host("US", "*.acme.com").build())
                .listener((transfer, decision, nanos) -> heard.add(transfer));
    }

    static String hmac(byte[] key, String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    private List<AuditRecord> records() {
        try (Stream<AuditRecord> r = AuditReader.records(dir)) {
            return r.toList();
        }
    }

    @Test
    void aRecordingGuardPseudonymisesOnceWithTheLogsKey() throws Exception {
        List<String> expected = List.of(hmac(AuditFixtures.PSEUDONYM_KEY, "alice"),
                hmac(AuditFixtures.PSEUDONYM_KEY, "bob"));
        List<String> inside;
        try (AuditLog log = AuditFixtures.builder(dir).open()) {
            Export export = guard().pseudonymKey(GUARD_KEY).audit(log).build().protect(Export.class, new Target());
            inside = export.send(List.of(person("alice"), person("bob")));
        }
        assertEquals(expected, inside, "the call in progress");
        List<AuditRecord> records = records();
        assertEquals(2, records.size(), "the call and its outbound check to the US");
        for (AuditRecord r : records) {
            assertEquals(expected, r.transfer().subjects().ids(), "record " + r.seq());
        }
        assertEquals("US", records.get(1).transfer().destination());
        assertEquals(2, heard.size());
        for (Transfer t : heard) {
            assertEquals(expected, t.subjects().ids(), "what a listener hears");
        }
        byte[] all = AuditFixtures.allBytes(dir);
        assertFalse(AuditFixtures.contains(all, "alice"), "a raw id in the log");
    }

    @Test
    void countersCountAPersonOnceAcrossARestartWhateverTheGuardsKey() {
        try (AuditLog log = AuditFixtures.builder(dir).open()) {
            Export export = guard().audit(log).build().protect(Export.class, new Target());
            export.send(List.of(person("alice"), person("bob")));
        }
        try (AuditLog log = AuditFixtures.builder(dir).open()) {
            // Another random guard key after the restart: the log's key alone makes the pseudonyms.
            Export export = guard().audit(log).build().protect(Export.class, new Target());
            export.send(List.of(person("alice"), person("bob")));
            TransferDeniedException third = assertThrows(TransferDeniedException.class,
                    () -> export.send(List.of(person("carol"))));
            assertEquals("volume", third.decision().deciding().get(0).rule(), third.getMessage());
        }
    }

    @Test
    void withoutARecordTheGuardsKeyIsTheOneKey() throws Exception {
        Export export = guard().pseudonymKey(GUARD_KEY).build().protect(Export.class, new Target());
        assertEquals(List.of(hmac(GUARD_KEY, "alice")), export.send(List.of(person("alice"))));
        assertEquals(2, heard.size());
        for (Transfer t : heard) {
            assertEquals(List.of(hmac(GUARD_KEY, "alice")), t.subjects().ids());
        }
    }
}
