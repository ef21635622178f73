package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditException;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.FaultyDisk;
import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardAuditTest {

    /** A pack whose volume threshold is small enough to cross with subject ids. */
    static final PolicyBundle SMALL_THRESHOLD = PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY,
            "cn.guard", AuditFixtures.PACK.replace(">= 100000", ">= 3")));

    @TempDir
    Path dir;

    private AuditLog open() {
        return AuditFixtures.builder(dir).open();
    }

    private List<AuditRecord> records() {
        try (Stream<AuditRecord> r = AuditReader.records(dir)) {
            return r.toList();
        }
    }

    @Test
    void recordsEveryDecisionBeforeReturningIt() {
        try (AuditLog log = open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log)
                    .caller(Caller.service("billing")).build();
            Decision allowed = guard.decide(AuditFixtures.allowed(10));
            assertEquals(1, log.size(), "recorded before decide returned");
            Decision denied = guard.decide(AuditFixtures.cnToSg(10).build());
            assertThrows(TransferDeniedException.class, () -> guard.enforce(AuditFixtures.cnToSg(10).build()));
            guard.enforce(AuditFixtures.allowed(1));
            assertEquals(4, log.size());
            List<AuditRecord> records = records();
            assertEquals(List.of(allowed, denied), List.of(records.get(0).decision(), records.get(1).decision()));
            assertEquals(Outcome.DENY, records.get(2).decision().outcome());
            assertEquals(Outcome.ALLOW, records.get(3).decision().outcome());
            assertTrue(records.stream().allMatch(r -> r.caller().equals(Caller.service("billing"))));
            assertTrue(records.stream().allMatch(r -> r.policyDigest().equals(AuditFixtures.POLICIES.digest())));
        }
    }

    @Test
    void countersSurviveARestartThroughTheLog() {
        try (AuditLog log = open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            assertTrue(guard.decide(AuditFixtures.allowed(60_000)).allowed());
            assertFalse(guard.decide(AuditFixtures.allowed(50_000)).allowed(), "over the threshold, not counted");
        }
        try (AuditLog log = open()) {
            Guard restarted = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            Decision d = restarted.decide(AuditFixtures.allowed(50_000));
            assertFalse(d.allowed(), "60,000 from before the restart plus 50,000 cross 100,000: " + d.explain());
            assertTrue(restarted.decide(AuditFixtures.allowed(39_999)).allowed(), "the denied one was not counted");
        }
        Guard withoutLog = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).build();
        assertTrue(withoutLog.decide(AuditFixtures.allowed(50_000)).allowed());
    }

    @Test
    void distinctSubjectsAreCountedByPseudonymAcrossRestarts() {
        Transfer alicebob = AuditFixtures.cnToSg(2).bases("separate-consent")
                .subjects(Subjects.of(2, "CN").withIds(List.of("alice", "bob"))).build();
        Transfer carol = AuditFixtures.cnToSg(1).bases("separate-consent")
                .subjects(Subjects.of(1, "CN").withIds(List.of("carol"))).build();
        try (AuditLog log = open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(SMALL_THRESHOLD).audit(log).build();
            assertTrue(guard.decide(alicebob).allowed());
        }
        try (AuditLog log = open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(SMALL_THRESHOLD).audit(log).build();
            assertTrue(guard.decide(alicebob).allowed(), "alice and bob again are still 2 people");
            assertTrue(guard.preview(alicebob).allowed());
            Decision third = guard.decide(carol);
            assertFalse(third.allowed(), "carol is the third person: " + third.explain());
        }
        byte[] all = AuditFixtures.allBytes(dir);
        for (String id : List.of("alice", "bob", "carol")) {
            assertFalse(AuditFixtures.contains(all, "\"" + id + "\""), id + " is in the log");
        }
    }

    @Test
    void aClosedLogMakesEnforceDenyWithTheReason() {
        AuditLog log = open();
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
        log.close();
        TransferDeniedException e = assertThrows(TransferDeniedException.class,
                () -> guard.enforce(AuditFixtures.allowed(10)));
        assertTrue(e.getMessage().contains("the audit log could not record the decision"), e.getMessage());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        AuditException cause = assertInstanceOf(AuditException.class, e.getCause());
        assertTrue(cause.getMessage().contains(dir.toString()));
        Decision d = guard.decide(AuditFixtures.allowed(10));
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(Guard.AUDIT_PACK, d.reasons().get(0).pack());
        assertEquals(Guard.UNRECORDED_RULE, d.reasons().get(0).rule());
        assertEquals(Reason.Kind.DENY, d.reasons().get(0).kind());
    }

    @Test
    void anUnwritableLogMakesEnforceDenyAndCountsNothing() throws Exception {
        try (AuditLog log = AuditFixtures.builder(dir).segmentSize(1).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            assertTrue(guard.enforce(AuditFixtures.allowed(60_000)).allowed());
            // The next record needs a new segment, which cannot be created.
            Files.createDirectory(dir.resolve("00000000000000000001.jsonl"));
            TransferDeniedException e = assertThrows(TransferDeniedException.class,
                    () -> guard.enforce(AuditFixtures.allowed(30_000)));
            assertTrue(e.getMessage().contains("cannot record"), e.getMessage());
            assertEquals(Guard.UNRECORDED_RULE, e.decision().reasons().get(0).rule());
            TransferDeniedException later = assertThrows(TransferDeniedException.class,
                    () -> guard.enforce(AuditFixtures.allowed(1)));
            assertTrue(later.getMessage().contains("cannot record"), later.getMessage());
            // Refused at the queue: this one was never counted, so 60,000 + 39,999 is still under 100,000.
            assertTrue(guard.preview(AuditFixtures.allowed(39_999)).allowed());
        }
        assertEquals(1, records().size());
    }

    @Test
    void aRecordWhoseFsyncFailedLeavesTheCountersNeverTooLowAfterARestart() throws Exception {
        // Swept over the fsync that fails, from the log's opening through several records.
        int runs = 0;
        for (int forces = 0; forces < 24; forces++) {
            Path at = dir.resolve("fsync-" + forces);
            long allowed = 0;
            boolean refused = false;
            try (AuditLog log = FaultyDisk.open(AuditFixtures.builder(at), FaultyDisk.fsyncFailsAfter(forces))) {
                Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log)
                        .build();
                for (int i = 0; i < 6 && !refused; i++) {
                    Decision d = guard.decide(AuditFixtures.allowed(10_000));
                    if (d.allowed()) {
                        allowed += 10_000;
                    } else {
                        assertEquals(Guard.UNRECORDED_RULE, d.reasons().get(0).rule(), d.explain());
                        refused = true;
                    }
                }
            } catch (AuditException failed) {
                // The log could not be opened on this disk, or its close reports the failure again.
            }
            if (!refused) {
                continue;
            }
            runs++;
            try (AuditLog log = AuditFixtures.builder(at).open()) {
                Guard restarted = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log)
                        .build();
                // Never too few: every transfer allowed before the failure is counted again.
                Decision over = restarted.preview(AuditFixtures.allowed(100_000 - allowed));
                assertFalse(over.allowed(), "fsync " + forces + ": " + allowed + " allowed, " + over.explain());
                // At most the one record whose fsync failed too many.
                Decision under = restarted.preview(AuditFixtures.allowed(100_000 - allowed - 10_000 - 1));
                assertTrue(under.allowed(), "fsync " + forces + ": " + allowed + " allowed, " + under.explain());
            }
        }
        assertTrue(runs >= 3, "the fsync failed after the log opened in " + runs + " runs");
    }

    @Test
    void subjectIdsWithoutAPseudonymKeyAreDeniedNotWritten() {
        try (AuditLog log = AuditLog.builder().directory(dir).origin(AuditFixtures.ORIGIN)
                .signingKey(AuditFixtures.key()).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            Transfer t = AuditFixtures.allowed(1).toBuilder().subjects(Subjects.of(1, "CN").withIds(List.of("x-1")))
                    .build();
            Decision d = guard.decide(t);
            assertEquals(Outcome.DENY, d.outcome());
            assertTrue(d.explain().contains("no pseudonym key"), d.explain());
            assertEquals(0, log.size());
        }
    }
}
