package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.SilentServer;
import dev.transferguard.Transfer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log that asks two witnesses on loopback, and what verification makes of it, honest or forked. */
class AuditLogWitnessIT {

    static final SigningKey KEY_A = CheckpointFuzzTest.fixedKey("witness-a");
    static final SigningKey KEY_B = CheckpointFuzzTest.fixedKey("witness-b");

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Witness witness(String name, SigningKey key) {
        Witness w = Witness.builder().signingKey(key).stateDirectory(tmp.resolve(name))
                .logKey(AuditFixtures.ORIGIN, AuditFixtures.key().verifierKey()).build();
        open.add(w);
        return w;
    }

    private Witness.Server serve(Witness w, int port) {
        Witness.Server s = w.serve(new InetSocketAddress("127.0.0.1", port));
        open.add(s);
        return s;
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static void write(AuditLog.Builder builder, int n, long flavour) {
        try (AuditLog log = builder.open()) {
            for (int i = 0; i < n; i++) {
                Transfer t = AuditFixtures.cnToSg(flavour + i).bases("separate-consent").build();
                Decision d = AuditFixtures.decide(t);
                log.append(t, d);
            }
        }
    }

    private static AuditVerification verify(Path dir, int quorum, SigningKey... witnesses) {
        AuditVerifier.Builder b = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey());
        for (SigningKey w : witnesses) {
            b.witness(w.verifierKey());
        }
        if (quorum > 0) {
            b.quorum(quorum);
        }
        return b.build().verify(dir);
    }

    @Test
    void aWitnessThatTakesTheConnectionAndNeverAnswersHoldsUpNoDecision() throws Exception {
        try (SilentServer silent = SilentServer.start()) {
            Path dir = tmp.resolve("log");
            // Every request is held for the whole of the witness timeout: a decision that waited for the witness
            // would take that long per checkpoint.
            AuditLog.Builder builder = AuditFixtures.builder(dir).durability(AuditLog.Durability.SYNC)
                    .checkpointEvery(5, Duration.ofHours(1)).witness(uri(silent.port()), KEY_A.verifierKey())
                    .witnessTimeout(Duration.ofSeconds(10));
            long start = System.nanoTime();
            double decided;
            AuditLog log = builder.open();
            try {
                Guard guard = Guard.builder().clock(dev.transferguard.TestClocks.MARCH_1)
                        .policies(AuditFixtures.POLICIES).audit(log).build();
                for (int i = 0; i < 40; i++) {
                    Decision d = guard.decide(AuditFixtures.allowed(1 + i));
                    assertTrue(d.allowed(), d.explain());
                }
                decided = (System.nanoTime() - start) / 1e9;
                assertEquals(40, log.size(), "every decision recorded");
                assertTrue(eventually(silent::connected), "the witness was asked");
            } finally {
                start = System.nanoTime();
                log.close();
            }
            double closed = (System.nanoTime() - start) / 1e9;
            assertTrue(decided < 5, "40 decisions and 8 checkpoints took " + decided
                    + " s while the witness held every request for its 10 s timeout");
            // Closing waits for the last checkpoint's cosignature, at most the witness timeout (AuditLog#close).
            assertTrue(closed < 15, "closed in " + closed + " s");
            AuditVerification unwitnessed = verify(dir, 0, KEY_A);
            assertEquals(AuditFault.Kind.UNWITNESSED, unwitnessed.fault().kind(), unwitnessed.toString());
            assertEquals(40, unwitnessed.records());
            assertTrue(verify(dir, 0).intact(), "without the witness's key the log is intact");
        }
    }

    @Test
    void twoWitnessesQuorumTwoAndOneDownForAWhile() {
        Path dir = tmp.resolve("log");
        Witness a = witness("a", KEY_A);
        Witness b = witness("b", KEY_B);
        int portA = serve(a, 0).port();
        Witness.Server serverB = serve(b, 0);
        int portB = serverB.port();
        AuditLog.Builder builder = AuditFixtures.builder(dir).witness(uri(portA), KEY_A.verifierKey())
                .witness(uri(portB), KEY_B.verifierKey()).witnessTimeout(Duration.ofSeconds(10));

        write(builder, 20, 1);
        AuditVerification ok = verify(dir, 0, KEY_A, KEY_B);
        assertTrue(ok.intact(), String.valueOf(ok.fault()));
        assertTrue(ok.cosigned() >= 1);

        // B goes down: the log goes on and closes within its timeout, its latest checkpoint cosigned by A alone.
        serverB.close();
        try (AuditLog log = builder.witnessTimeout(Duration.ofSeconds(2)).open()) {
            for (int i = 0; i < 10; i++) {
                Transfer t = AuditFixtures.cnToSg(100 + i).bases("separate-consent").build();
                log.append(t, AuditFixtures.decide(t));
            }
            log.checkpoint();
            assertTrue(eventually(() -> log.witnessStatus().get(1).problem() != null));
            assertFalse(log.witnessStatus().get(1).upToDate());
        }
        AuditVerification down = verify(dir, 0, KEY_A, KEY_B);
        assertEquals(AuditFault.Kind.UNWITNESSED, down.fault().kind());
        assertTrue(down.fault().message().contains("not by " + KEY_B.name()), down.fault().message());
        assertTrue(verify(dir, 1, KEY_A, KEY_B).intact());
        // Without witness keys, the same log only warns.
        AuditVerification plain = verify(dir, 0);
        assertTrue(plain.intact());

        // B is back on its port: the next run catches it up with a consistency proof from the size it saw.
        serve(b, portB);
        write(builder.witnessTimeout(Duration.ofSeconds(10)), 5, 200);
        AuditVerification back = verify(dir, 0, KEY_A, KEY_B);
        assertTrue(back.intact(), String.valueOf(back.fault()));
    }

    @Test
    void aForkFromARestoredCopyIsRefusedByTheWitnessAndCaughtByVerify() throws IOException {
        Path dir = tmp.resolve("log");
        Witness a = witness("a", KEY_A);
        int port = serve(a, 0).port();
        AuditLog.Builder builder = AuditFixtures.builder(dir).witness(uri(port), KEY_A.verifierKey())
                .witnessTimeout(Duration.ofSeconds(10));
        write(builder, 10, 1);
        Path copy = tmp.resolve("copy");
        FastTemp.copyTree(dir, copy);
        write(builder, 5, 50);
        AuditVerification honest = verify(dir, 0, KEY_A);
        assertTrue(honest.intact(), String.valueOf(honest.fault()));
        Path cosignedHonest = dir.resolve("cosignatures").resolve(honestLatest(dir));

        // Restore the copy and write another history with the same key and witness.
        Path fork = tmp.resolve("fork");
        FastTemp.copyTree(copy, fork);
        write(AuditFixtures.builder(fork).witness(uri(port), KEY_A.verifierKey())
                .witnessTimeout(Duration.ofSeconds(2)), 9, 900);

        try (Stream<Path> evidence = Files.list(a.evidenceDirectory())) {
            assertTrue(evidence.findAny().isPresent(), "the witness keeps the refused fork");
        }
        AuditVerification forked = verify(fork, 0, KEY_A);
        assertEquals(AuditFault.Kind.UNWITNESSED, forked.fault().kind());
        assertTrue(AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(fork).intact(),
                "without witnesses, the fork is a log like any other");

        // The witness's cosignature on the honest history, shown beside the fork, names the fork.
        Files.copy(cosignedHonest, fork.resolve("cosignatures").resolve(cosignedHonest.getFileName()));
        AuditVerification caught = verify(fork, 0, KEY_A);
        assertNotNull(caught.fault());
        assertEquals(AuditFault.Kind.FORKED, caught.fault().kind());
        assertTrue(caught.fault().message().contains("cosigned size 15"), caught.fault().message());
    }

    private static String honestLatest(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cosignatures"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
                    .reduce((x, y) -> y).orElseThrow();
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
