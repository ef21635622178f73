package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.TestClocks;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.internal.EngineDecision;
import dev.transferguard.policy.PolicyBundle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision has one JSON writer: the audit record's {@code decision} object and {@link Decision#toJson()} are
 * the same bytes, whether the reasons come encoded from the bundle or are encoded where they are written.
 */
class DecisionJsonTest {

    @TempDir
    Path dir;

    @Test
    void theRecordHoldsTheDecisionAsToJsonWritesIt() {
        Decision allowed;
        Decision denied;
        try (AuditLog log = AuditFixtures.builder(dir).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            allowed = guard.decide(AuditFixtures.allowed(10));
            denied = guard.decide(AuditFixtures.cnToSg(150_000).build());
        }
        assertFalse(denied.unmet().isEmpty(), "a denial with unmet requirements, to write both kinds of part");
        List<String> lines = AuditFixtures.lines(dir);
        for (int i = 0; i < 2; i++) {
            Decision d = List.of(allowed, denied).get(i);
            String expected = "\"decision\":" + d.toJson() + ",\"policyDigest\":\"" + d.policyDigest() + "\"";
            assertTrue(lines.get(i).contains(expected), lines.get(i));
        }
        try (Stream<AuditRecord> records = AuditReader.records(dir)) {
            List<Decision> read = records.map(AuditRecord::decision).toList();
            // Read back, the decisions carry no encodings: their parts are encoded as they are written.
            assertSame(EncodedParts.NONE, ((EngineDecision) read.get(1)).encodedParts());
            assertEquals(denied.toJson(), read.get(1).toJson());
            assertEquals(allowed.toJson(), read.get(0).toJson());
        }
    }

    @Test
    void aBundlesDecisionsCarryItsOwnEncodingsAndAReloadBringsNew() {
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).build();
        EngineDecision before = (EngineDecision) guard.decide(AuditFixtures.cnToSg(150_000).build());
        EncodedParts parts = before.encodedParts();
        assertNotSame(EncodedParts.NONE, parts);
        for (Object part : List.<Object>of(before.reasons().get(0), before.unmet().get(0))) {
            assertEquals(written(EncodedParts.NONE, part), written(parts, part), part.toString());
        }
        // Found by identity or, for an equal copy, by equality: the same bytes either way.
        Reason r = before.reasons().get(0);
        assertEquals(written(parts, r), written(parts, new Reason(r.pack(), r.rule(), r.kind(), r.because(),
                r.source())));
        assertSame(parts, ((EngineDecision) guard.decide(AuditFixtures.allowed(10))).encodedParts());

        guard.reload(PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY,
                "cn.guard", AuditFixtures.PACK.replace("PIPL Art. 39", "PIPL Art. 39 (reloaded)"))));
        EngineDecision after = (EngineDecision) guard.decide(AuditFixtures.allowed(10));
        assertNotSame(parts, after.encodedParts());
        assertTrue(after.toJson().contains("PIPL Art. 39 (reloaded)"), after.toJson());
    }

    @Test
    void reasonsMadeOnTheFlyAreEncodedWhereTheyAreWritten() {
        Reason own = new Reason("guard", "unmapped-host", Reason.Kind.DENY, "no host rule", "host rules");
        Decision d = EngineDecision.denial(own, "sha256:00");
        assertEquals("{\"decision\":\"DENY\",\"obligations\":[],\"unmet\":[],\"reasons\":[{\"pack\":\"guard\","
                + "\"rule\":\"unmapped-host\",\"kind\":\"deny\",\"because\":\"no host rule\",\"source\":\"host rules\"}],"
                + "\"remedies\":[],\"policyDigest\":\"sha256:00\"}", d.toJson());
    }

    @Test
    void noStaticCacheOfEncodingsRemains() throws Exception {
        for (Class<?> type : List.of(JsonOut.class, EncodedParts.class)) {
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                assertTrue(Modifier.isFinal(f.getModifiers()), type.getSimpleName() + "." + f.getName());
                assertFalse(Map.class.isAssignableFrom(f.getType()) || Collection.class.isAssignableFrom(f.getType())
                        || ThreadLocal.class.isAssignableFrom(f.getType()),
                        "a static cache: " + type.getSimpleName() + "." + f.getName());
            }
        }
        assertEquals(0, EncodedParts.NONE.size());
    }

    private static String written(EncodedParts parts, Object part) {
        return JsonOut.write(g -> {
            g.writeStartArray();
            parts.writeTo(g, part);
            g.writeEndArray();
        });
    }

    @Test
    void onlyReasonsAndRequirementsAreEncoded() {
        Requirement r = new Requirement("p", "r", List.of("a"), "because", "f:1");
        assertEquals(1, EncodedParts.of(List.of(r, r)).size());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EncodedParts.of(List.of("text")));
    }
}
