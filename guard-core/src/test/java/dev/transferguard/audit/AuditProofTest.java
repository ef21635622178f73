package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.GuardException;
import dev.transferguard.Transfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditProofTest {

    @TempDir
    Path dir;

    Path log;
    final List<VerifierKey> trusted = List.of(AuditFixtures.key().verifierKey());

    @BeforeEach
    void writeLog() {
        log = dir.resolve("log");
        Transfer t = AuditFixtures.allowed(10);
        try (AuditLog l = AuditFixtures.builder(log).checkpointEvery(3, Duration.ofHours(1)).open()) {
            for (int i = 0; i < 10; i++) {
                l.append(t.toBuilder().subjects(dev.transferguard.Subjects.of(i + 1, "CN")).build(),
                        AuditFixtures.decide(t));
            }
        }
    }

    @Test
    void everyRecordHasAnInclusionProofThatChecksAlone() {
        for (long seq = 0; seq < 10; seq++) {
            InclusionProof proof = InclusionProof.fromJson(InclusionProof.of(log, seq).toJson());
            assertEquals(seq, proof.leafIndex());
            assertEquals(10, proof.treeSize());
            assertEquals(10, proof.verify(trusted).checkpoint().treeSize());
        }
    }

    @Test
    void anInclusionProofFailsForAnotherRecordOrKey() {
        InclusionProof proof = InclusionProof.of(log, 4);
        InclusionProof other = InclusionProof.of(log, 5);
        InclusionProof swapped = new InclusionProof(proof.origin(), 4, other.record(), proof.treeSize(),
                proof.inclusionProof(), proof.checkpoint());
        AuditException e = assertThrows(AuditException.class, () -> swapped.verify(trusted));
        assertTrue(e.getMessage().contains("not the record of seq 4"), e.getMessage());
        assertThrows(AuditException.class,
                () -> proof.verify(List.of(SigningKey.generate("test-key").verifierKey())));
        assertThrows(AuditException.class, () -> InclusionProof.of(log, 10), "not signed");
        assertThrows(GuardException.class, () -> InclusionProof.fromJson("{\"format\":\"x\"}"));
    }

    @Test
    void theLatestCheckpointExtendsEveryEarlierOne() throws Exception {
        for (String size : List.of("00000000000000000000", "00000000000000000003", "00000000000000000006",
                "00000000000000000009", "00000000000000000010")) {
            String older = Files.readString(log.resolve("checkpoints").resolve(size));
            ConsistencyProof proof = ConsistencyProof.fromJson(ConsistencyProof.of(log, older).toJson());
            assertEquals(10, proof.verify(trusted).checkpoint().treeSize(), size);
        }
    }

    @Test
    void aRewrittenLogDoesNotExtendItsOldCheckpoint() throws Exception {
        String older = Files.readString(log.resolve("checkpoints/00000000000000000006"));
        // The same key signs a log with other records: a fork.
        Path fork = dir.resolve("fork");
        Transfer t = AuditFixtures.allowed(99);
        try (AuditLog l = AuditFixtures.builder(fork).open()) {
            for (int i = 0; i < 12; i++) {
                l.append(t, AuditFixtures.decide(t));
            }
        }
        AuditException e = assertThrows(AuditException.class, () -> ConsistencyProof.of(fork, older));
        assertTrue(e.getMessage().contains("does not extend the old checkpoint"), e.getMessage());

        ConsistencyProof honest = ConsistencyProof.of(log, older);
        ConsistencyProof forged = new ConsistencyProof(older, Files.readString(fork.resolve("checkpoint")),
                honest.proof());
        AuditException invalid = assertThrows(AuditException.class, () -> forged.verify(trusted));
        assertTrue(invalid.getMessage().contains("does not extend the old one"), invalid.getMessage());
    }
}
