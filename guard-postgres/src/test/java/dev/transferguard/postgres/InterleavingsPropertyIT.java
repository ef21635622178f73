package dev.transferguard.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.counters.InMemoryCounterStore;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Guards of several instances, each with its own store on one server, deciding at once in random interleavings
 * (their threads race; jqwik draws what they send): never more allowed than one guard deciding them in turn would
 * allow, and exactly what it allows when nothing races at a threshold.
 *
 * <p>The sequential model is the pack's own rule: a transfer is allowed when the people already allowed plus its
 * own stay within 50 a year and 30 per counterparty. The checks: (1) the allowed transfers together stay within
 * both limits, so no interleaving under-counted; (2) every denied transfer would break a limit even added to
 * everything allowed, so none was denied that a turn-by-turn order could have allowed; (3) the store holds exactly
 * the allowed people, ids once each; (4) when one guard deciding everything in the drawn order allows all, so do
 * the racing guards.
 */
class InterleavingsPropertyIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final long DAY = TODAY.toEpochDay();
    private static Database db;

    /** One transfer drawn: which instance sends it, to whom, and whom it is about. */
    record Send(int instance, int recipient, List<String> ids, int anonymous) {
        Transfer transfer() {
            return Packs.export(TODAY, "r" + recipient, anonymous, ids.toArray(String[]::new));
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        db = Database.start(Files.createTempDirectory("interleavings"));
    }

    @AfterContainer
    static void stop() throws Exception {
        db.close();
    }

    @Provide
    Arbitrary<List<Send>> sends() {
        Arbitrary<List<String>> ids = Arbitraries.integers().between(0, 24).map(i -> "s" + i).list().uniqueElements().ofMaxSize(4);
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2), ids,
                        Arbitraries.integers().between(0, 3))
                .as(Send::new).filter(s -> !s.ids().isEmpty() || s.anonymous() > 0).list().ofMinSize(5).ofMaxSize(45);
    }

    /** No headroom (every decision locks), a little (grants run out near the limits), and the default. */
    @Provide
    Arbitrary<Long> headroom() {
        return Arbitraries.of(0L, 2L, 1000L);
    }

    @Property(tries = 12)
    void racingGuardsNeverAllowMoreThanGuardsInTurn(@ForAll("sends") List<Send> sends,
            @ForAll @IntRange(min = 2, max = 4) int instances, @ForAll("headroom") long headroom) throws Exception {
        db.empty();
        List<PostgresCounterStore> stores = new ArrayList<>();
        try {
            List<List<Send>> byInstance = new ArrayList<>();
            List<Guard> guards = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                PostgresCounterStore store = db.store(headroom);
                stores.add(store);
                guards.add(Guard.builder().policies(Packs.bundle()).counters(store).build());
                byInstance.add(new ArrayList<>());
            }
            for (Send s : sends) {
                byInstance.get(s.instance() % instances).add(s);
            }
            // Lists, not sets: the same transfer may be drawn twice, and is then decided twice.
            List<Send> allowed = Collections.synchronizedList(new ArrayList<>());
            List<Send> denied = Collections.synchronizedList(new ArrayList<>());
            List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Guard g = guards.get(i);
                List<Send> mine = byInstance.get(i);
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (Send s : mine) {
                        Decision d = g.decide(s.transfer());
                        if (!d.allowed() && !d.reasons().stream().allMatch(r -> r.pack().equals("p"))) {
                            // Only the pack's rules deny here: the store failing would be a bug.
                            unexpected.add(d.explain());
                        }
                        (d.allowed() ? allowed : denied).add(s);
                    }
                });
                threads.add(t);
                t.start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), unexpected);
            assertEquals(sends.size(), allowed.size() + denied.size(), "every transfer decided once");

            // (1) never under-counted
            assertTrue(people(allowed, -1) <= 50, "allowed " + people(allowed, -1) + " people");
            for (int r = 0; r < 3; r++) {
                assertTrue(people(allowed, r) <= 30, "allowed " + people(allowed, r) + " people to r" + r);
            }
            // (2)-(4) hold when every holder of headroom gave it back in time; a store counts each time one did
            // not (its headroom then counts as used: too many, never too few), so that a starved machine cannot
            // pass off an inexact answer as exact.
            stores.forEach(PostgresCounterStore::close);
            long late = stores.stream().mapToLong(PostgresCounterStore::lateHeadroom).sum();
            long counted;
            long[] partners = new long[3];
            try (PostgresCounterStore any = db.store()) {
                counted = any.count("p/people", null, DAY, DAY, null);
                for (int r = 0; r < 3; r++) {
                    partners[r] = any.count("p/partners", "r" + r, DAY, DAY, null);
                }
                any.settle(false);
                late += any.lateHeadroom();
            }
            assertTrue(counted >= people(allowed, -1), "counted " + counted + " of " + people(allowed, -1));
            for (int r = 0; r < 3; r++) {
                assertTrue(partners[r] >= people(allowed, r), "counted " + partners[r] + " to r" + r);
            }
            if (late > 0) {
                return;
            }
            // (2) no denial that some order of the same decisions would have allowed
            for (Send d : denied) {
                List<Send> with = new ArrayList<>(allowed);
                with.add(d);
                assertTrue(people(with, -1) > 50 || people(with, d.recipient()) > 30, "denied without cause: " + d);
            }
            // (3) exactly the allowed people in the store, once the guards have given back their headroom
            assertEquals(people(allowed, -1), counted);
            for (int r = 0; r < 3; r++) {
                assertEquals(people(allowed, r), partners[r]);
            }
            // (4) the sequential model allows all: so do the racing guards
            Guard inTurn = Guard.builder().policies(Packs.bundle()).counters(new InMemoryCounterStore()).build();
            boolean allInTurn = sends.stream().allMatch(s -> inTurn.decide(s.transfer()).allowed());
            if (allInTurn) {
                assertEquals(List.of(), denied);
            }
        } finally {
            stores.forEach(PostgresCounterStore::close);
        }
    }

    /** The distinct people of some transfers: ids once each, people without ids each new; to one recipient or all. */
    private static long people(List<Send> sends, int recipient) {
        Set<String> ids = new HashSet<>();
        long anonymous = 0;
        for (Send s : sends) {
            if (recipient < 0 || s.recipient() == recipient) {
                ids.addAll(s.ids());
                anonymous += s.anonymous();
            }
        }
        return ids.size() + anonymous;
    }
}
