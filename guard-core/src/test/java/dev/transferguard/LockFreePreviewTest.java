package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.policy.PolicyBundle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A preview of a transfer whose decision, kept from a transfer of the same values, read no counter is answered
 * without the decision lock and without the counter store; every other preview reads the counters as they stand,
 * under the lock, and a reload's policies are previewed from the moment they are in force.
 */
class LockFreePreviewTest {

    /** A shared store whose counts the test sets, and which can hold a decision inside {@code count}. */
    private static final class HeldStore implements CounterStore {
        final AtomicLong before = new AtomicLong();
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holding;

        @Override
        public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
            reads.incrementAndGet();
            if (holding) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return before.get() + (current == null ? 0 : current.count());
        }

        @Override
        public void record(String counter, String counterparty, long day, Subjects subjects) {
        }

        @Override
        public void forget(String counter, long beforeDay) {
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    /** Outside the CN pack's scope: decided by the bundle's default, no counter read. */
    private static Transfer deToSg(String id) {
        return AuditFixtures.cnToSg(1).origin("DE").subjects(new Subjects(List.of("DE"), List.of(), 1, List.of(id)))
                .build();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aDecisionThatReadsNoCounterIsPreviewedWhileAnotherDecisionHoldsTheLock() throws Exception {
        HeldStore store = new HeldStore();
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).counters(store)
                .build();
        Decision first = guard.preview(deToSg("a"));
        assertTrue(first.allowed(), first.explain());
        assertEquals(0, store.reads.get(), "no counter decides a transfer the CN pack does not apply to");

        store.holding = true;
        Future<Decision> held = threads.submit(() -> guard.decide(AuditFixtures.allowed(10)));
        assertTrue(store.entered.await(30, TimeUnit.SECONDS), "the decision reads its counter under the lock");
        try {
            // Were the preview to wait for the lock, it would wait for the release below: the get would time out.
            Future<Decision> preview = threads.submit(() -> guard.preview(deToSg("b")));
            assertSame(first, preview.get(30, TimeUnit.SECONDS), "the kept decision, about someone else");
            assertFalse(held.isDone(), "the other decision still holds the lock");
        } finally {
            store.release.countDown();
        }
        assertTrue(held.get(30, TimeUnit.SECONDS).allowed());
        assertEquals(1, store.reads.get(), "the preview never asked the store");
    }

    @Test
    void aDecisionThatReadsACounterIsPreviewedAgainstTheCountsAsTheyStand() {
        HeldStore store = new HeldStore();
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).counters(store)
                .build();
        Transfer t = AuditFixtures.allowed(50_000);
        Decision under = guard.preview(t);
        assertTrue(under.allowed(), "50,000 people this year: " + under.explain());
        int reads = store.reads.get();
        assertTrue(reads > 0, "the volume rule reads its counter");

        store.before.set(60_000);
        Decision over = guard.preview(AuditFixtures.allowed(50_000));
        assertFalse(over.allowed(), "the same values, 110,000 people this year: " + over.explain());
        assertTrue(store.reads.get() > reads, "the counter was read again");

        store.before.set(0);
        assertTrue(guard.preview(t).allowed(), "and back under the threshold");
    }

    @Test
    void aReloadsPoliciesArePreviewedOnceInForce() {
        Guard guard = Guard.builder().clock(TestClocks.MARCH_1).policies(AuditFixtures.POLICIES).build();
        Transfer t = deToSg("a");
        assertTrue(guard.preview(t).allowed());
        assertTrue(guard.preview(t).allowed(), "kept");

        String closed = AuditFixtures.PACK.replace("origin in CN", "origin in [CN, DE]");
        guard.reload(PolicyBundle.of(Map.of("vocabulary.guard", AuditFixtures.VOCABULARY,
                "cn.guard", closed)));
        Decision after = guard.preview(deToSg("b"));
        assertFalse(after.allowed(), "the reloaded pack applies to DE and asks for consent: " + after.explain());
        assertEquals(guard.policies().digest(), after.policyDigest());
    }
}
