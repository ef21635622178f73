package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.DecisionRecorder;
import dev.transferguard.audit.FastTemp;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A reload rebuilds the counters from the audit log while decisions go on, and misses none of them. */
class GuardReloadTest {

    /** The test pack with a lower volume threshold. */
    static final PolicyBundle STRICTER = PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY,
            "cn.guard", AuditFixtures.PACK.replace(">= 100000", ">= 90000")));

    private Path dir;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        dir = FastTemp.directory("guard-reload");
    }

    @AfterEach
    void tearDown() throws IOException {
        threads.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void decisionsGoOnWhileAReloadReplaysALargeLog() throws Exception {
        Transfer one = AuditFixtures.cnToSg(1).bases("separate-consent", "cac-standard-contract").build();
        Decision allowed = AuditFixtures.decide(one);
        assertTrue(allowed.allowed(), allowed.explain());
        try (AuditLog log = AuditFixtures.builder(dir).durability(AuditLog.Durability.ASYNC).open()) {
            for (int i = 0; i < 200_000; i++) {
                log.append(one, allowed);
            }
            log.flush();
            PausingRecorder recorder = new PausingRecorder(log, 100_000);
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(recorder).build();
            String before = guard.policies().digest();

            Future<?> reload = threads.submit(() -> guard.reload(STRICTER));
            assertTrue(recorder.paused.await(2, TimeUnit.MINUTES), "the reload's replay reaches its 100,000th record");
            // The replay now waits until the decisions below are done: were they to wait for the reload, neither
            // would finish, and the timeouts would fail the test.
            Future<Integer> decisions = threads.submit(() -> {
                int n = 0;
                for (int i = 0; i < 1_000; i++) {
                    Decision d = guard.decide(one);
                    assertEquals(before, d.policyDigest(), "decided under the policies in force");
                    n += d.allowed() ? 1 : 0;
                }
                return n;
            });
            assertEquals(1_000, decisions.get(1, TimeUnit.MINUTES), "1,000 decisions made while the replay ran");
            assertFalse(reload.isDone(), "the reload had not returned");
            recorder.resume.countDown();
            reload.get(2, TimeUnit.MINUTES);
            assertEquals(STRICTER.digest(), guard.policies().digest());
            assertEquals(200_000, recorder.replayed.get(), "the replay stopped at its mark");
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void transfersCountedDuringAReloadAreInTheCountersAfterIt() throws Exception {
        try (AuditLog log = AuditFixtures.builder(dir).open()) {
            PausingRecorder recorder = new PausingRecorder(log, 1);
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(recorder).build();
            assertTrue(guard.decide(AuditFixtures.allowed(50_000)).allowed());

            Future<?> reload = threads.submit(() -> guard.reload(STRICTER));
            assertTrue(recorder.paused.await(30, TimeUnit.SECONDS));
            Decision during = CompletableFuture.supplyAsync(() -> guard.decide(AuditFixtures.allowed(30_000)), threads)
                    .get(30, TimeUnit.SECONDS);
            assertTrue(during.allowed(), "80,000 < 100,000 under the policies in force: " + during.explain());
            recorder.resume.countDown();
            reload.get(30, TimeUnit.SECONDS);

            assertEquals(STRICTER.digest(), guard.policies().digest());
            Decision reaches = guard.preview(AuditFixtures.allowed(10_000));
            assertFalse(reaches.allowed(), "50,000 replayed + 30,000 counted meanwhile + 10,000 reach 90,000: "
                    + reaches.explain());
            assertTrue(guard.preview(AuditFixtures.allowed(9_999)).allowed(), "and nothing counts twice");
        }
    }

    @Test
    void aTransferQueuedJustBeforeAReloadIsCountedAfterIt() {
        try (AuditLog log = AuditFixtures.builder(dir).durability(AuditLog.Durability.ASYNC).open()) {
            Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).audit(log).build();
            for (int i = 0; i < 6; i++) {
                assertTrue(guard.decide(AuditFixtures.allowed(10_000)).allowed());
            }
            // Queued, perhaps not yet written: the reload waits for them before it replays up to its mark.
            guard.reload(STRICTER);
            assertFalse(guard.preview(AuditFixtures.allowed(30_000)).allowed(), "60,000 + 30,000 reach 90,000");
            assertTrue(guard.preview(AuditFixtures.allowed(29_999)).allowed(), "and nothing counts twice");
        }
    }

    @Test
    void countersForgetWhatEveryWindowHasLeftOnceLiveTrafficIsCounted() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate longAgo = today.minusYears(2);
        Guard guard = Guard.builder().policies(AuditFixtures.POLICIES)
                .history(List.of(AuditFixtures.cnToSg(60_000).date(longAgo).bases("separate-consent").build()))
                .build();
        Transfer then = AuditFixtures.cnToSg(50_000).date(longAgo).bases("separate-consent").build();
        assertFalse(guard.preview(then).allowed(), "the history counts in its own year");
        assertTrue(guard.decide(AuditFixtures.cnToSg(1).date(today).bases("separate-consent").build()).allowed());
        assertTrue(guard.preview(then).allowed(), "a transfer dated today made the counters forget past years");
    }

    /** An audit log whose replays up to a mark stop at one record until the test lets them go on. */
    static final class PausingRecorder implements DecisionRecorder {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicLong replayed = new AtomicLong();
        private final AuditLog log;
        private final long pauseAt;

        PausingRecorder(AuditLog log, long pauseAt) {
            this.log = log;
            this.pauseAt = pauseAt;
        }

        @Override
        public void replayAllowed(Consumer<Transfer> sink, long upTo) {
            log.replayAllowed(t -> {
                sink.accept(t);
                if (replayed.incrementAndGet() == pauseAt) {
                    paused.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, upTo);
        }

        @Override
        public Transfer pseudonymise(Transfer transfer) {
            return log.pseudonymise(transfer);
        }

        @Override
        public Recording record(Transfer pseudonymised, Decision decision, Caller caller) {
            return log.record(pseudonymised, decision, caller);
        }

        @Override
        public boolean waitsForDurability() {
            return log.waitsForDurability();
        }

        @Override
        public void replayAllowed(Consumer<Transfer> sink) {
            log.replayAllowed(sink);
        }

        @Override
        public void flush() {
            log.flush();
        }

        @Override
        public long size() {
            return log.size();
        }

        @Override
        public String location() {
            return log.location();
        }
    }
}
