package dev.transferguard.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headroom: far from every limit decisions are answered without asking the database; near one, every decision
 * asks it; and what was decided within headroom is in the database once it is written or given back.
 */
class HeadroomIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final long DAY = TODAY.toEpochDay();

    @TempDir
    static Path dir;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        db = Database.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        db.empty();
    }

    private static long people(String counter, String party) {
        try (PostgresCounterStore store = db.store()) {
            long n = store.count(counter, party, TODAY.withDayOfYear(1).toEpochDay(), DAY, null);
            store.settle(false);
            return n;
        }
    }

    @Test
    void farFromEveryLimitAlmostNoDecisionAsksTheDatabase() {
        int n = 3000;
        long trips;
        try (PostgresCounterStore store = db.store()) {
            Guard guard = Guard.builder().policies(Packs.bundle(1_000_000, 1_000_000)).counters(store).build();
            for (int i = 0; i < n; i++) {
                // Every tenth person is sent twice: counted once, in headroom and in the database.
                String id = "far-" + (i % 10 == 9 ? i - 1 : i);
                assertTrue(guard.decide(Packs.export(TODAY, "acme", 0, id)).allowed());
            }
            trips = store.roundTrips();
        }
        assertTrue(trips < 0.05 * n, trips + " round trips for " + n + " decisions");
        long distinct = n - n / 10;
        assertEquals(distinct, people("p/people", null), "written in batches and given back at close: exact");
        assertEquals(distinct, people("p/partners", "acme"));
    }

    @Test
    void nearALimitEveryDecisionAsksTheDatabaseAndTheLimitIsExact() {
        try (PostgresCounterStore a = db.store(); PostgresCounterStore b = db.store()) {
            Guard first = Guard.builder().policies(Packs.bundle()).counters(a).build();
            Guard second = Guard.builder().policies(Packs.bundle()).counters(b).build();
            int allowed = 0;
            for (int i = 0; i < 40; i++) {
                allowed += first.decide(Packs.export(TODAY, "acme" + i, 0, "near-a" + i)).allowed() ? 1 : 0;
            }
            assertEquals(40, allowed);
            long before = b.roundTrips();
            Decision d = null;
            for (int i = 0; i < 15; i++) {
                long trips = b.roundTrips();
                d = second.decide(Packs.export(TODAY, "other" + i, 0, "near-b" + i));
                allowed += d.allowed() ? 1 : 0;
                assertTrue(b.roundTrips() > trips, "decision " + i + " near the limit asked the database");
            }
            assertTrue(b.roundTrips() > before);
            assertEquals(Packs.LIMIT, allowed, "the other instance's headroom came back: exactly 50, not fewer");
            assertFalse(d.allowed());
            assertEquals("p", d.reasons().get(0).pack(), d.explain());
        }
        assertEquals(Packs.LIMIT, people("p/people", null));
    }

    @Test
    void withoutHeadroomEveryCountingDecisionAsksTheDatabase() {
        try (PostgresCounterStore store = db.store(0)) {
            Guard guard = Guard.builder().policies(Packs.bundle(1_000_000, 1_000_000)).counters(store).build();
            for (int i = 0; i < 20; i++) {
                long trips = store.roundTrips();
                assertTrue(guard.decide(Packs.export(TODAY, "acme", 0, "exact-" + i)).allowed());
                assertTrue(store.roundTrips() - trips >= 3, "lock, read and commit");
            }
        }
        assertEquals(20, people("p/people", null));
    }

    @Test
    void headroomThatIsNotGivenBackInTimeDeniesOnlyTheTransferThatWouldBreakIt() throws Exception {
        db.store().close();
        // Another instance's headroom that nobody answers for: 10 people reserved under the step at 51.
        db.execute("INSERT INTO transferguard_headroom (counter, party, day, holder, from_day, amount, ceiling, expires)"
                + " VALUES ('p/people', '', " + DAY + ", 'silent', " + TODAY.withDayOfYear(1).toEpochDay()
                + ", 10, 51, now() + interval '1 hour')");
        try (PostgresCounterStore store = PostgresCounterStore.builder().url(db.url()).pseudonymKey(Database.KEY)
                .timeout(java.time.Duration.ofMillis(300)).build()) {
            Guard guard = Guard.builder().policies(Packs.bundle(50, 1000)).counters(store).build();
            Decision big = guard.decide(Packs.export(TODAY, "acme", 45));
            assertFalse(big.allowed());
            assertEquals("counters", big.reasons().get(0).pack(), big.explain());
            assertTrue(big.explain().contains("did not give it back in time"), big.explain());
            Decision small = guard.decide(Packs.export(TODAY, "acme", 0, "one"));
            assertTrue(small.allowed(), "far below the silent instance's ceiling: " + small.explain());
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT recalled FROM transferguard_headroom WHERE holder = 'silent'")) {
            assertTrue(r.next());
            assertTrue(r.getBoolean(1), "it was asked for");
        }
    }

    @Test
    void aWriteOfHeadroomWhoseTransactionBreaksAsItBeginsLosesNoneOfThePeopleItHeld() throws Exception {
        int n = 1100;
        BreakingDataSource source = new BreakingDataSource(db.dataSource(), true);
        try (PostgresCounterStore store = storeWithHeadroomOn(source, Duration.ofSeconds(2), Duration.ofSeconds(1))) {
            decideFarFromTheLimits(store, n, "held-");
            // The keeper's first write after these decisions carries people they used; its connection breaks as
            // the transaction begins, as when the server stops at that moment.
            assertTrue(source.broken.await(10, TimeUnit.SECONDS), "the keeper wrote within 10 s");
            // The keeper connects again and writes what the broken write held (of whichever counter it was), while
            // the store is open.
            assertEquals(n, writtenWithin10s(n, () -> { }),
                    "the people of the broken write were written later, none lost");
        }
        assertEquals(n, people("p/people", null));
        assertEquals(n, people("p/partners", "acme"));
    }

    @Test
    void aKeepersWriteCommittedButAnsweredWithAnErrorIsWrittenAgainAndSpendsItsPeopleOnce() throws Exception {
        int n = 1100;
        BreakingDataSource source = new BreakingDataSource(db.dataSource(), true, true);
        // A lease long enough that the headroom is still held, not given back as idle, when it is read below.
        try (PostgresCounterStore store = storeWithHeadroomOn(source, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            Guard guard = decideFarFromTheLimits(store, n, "twice-");
            assertTrue(source.broken.await(10, TimeUnit.SECONDS), "the keeper wrote within 10 s");
            // The keeper takes the write for failed and writes the same people again, with the same total spent.
            // A person sent again meanwhile keeps the headroom in use, so that it is not given back as idle.
            long written = writtenWithin10s(n,
                    () -> assertTrue(guard.decide(Packs.export(TODAY, "acme", 0, "twice-0")).allowed()));
            assertEquals(n, written, "every person once");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT counter, spent, amount FROM transferguard_headroom")) {
                int held = 0;
                while (r.next()) {
                    held++;
                    assertTrue(r.getLong("spent") <= n, r.getString("counter") + " spent " + r.getLong("spent")
                            + " of " + r.getLong("amount") + " for " + n + " people: counted twice");
                }
                assertEquals(2, held, "both counters' headroom is still held");
            }
        }
        assertEquals(n, people("p/people", null));
        assertEquals(n, people("p/partners", "acme"));
    }

    @Test
    void aStoreClosedAsItsConnectionBreaksGivesItsHeadroomBackOnceConnectedAgain() throws Exception {
        int n = 100;
        BreakingDataSource source = new BreakingDataSource(db.dataSource(), false);
        // A lease long enough that the keeper neither renews nor gives back before the close: its first write is
        // the give-back at close.
        try (PostgresCounterStore store = storeWithHeadroomOn(source, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            decideFarFromTheLimits(store, n, "closing-");
            // The keeper's give-back at close breaks as it begins.
            source.armed.set(true);
        }
        assertEquals(0, source.broken.getCount(), "a write of the keeper broke");
        // Not given back, the 5,000 people held would count in full as used until the window has passed.
        assertEquals(n, people("p/people", null), "given back once connected again");
        assertEquals(n, people("p/partners", "acme"));
    }

    @Test
    void anInstanceCutOffFromTheDatabaseDecidesOnlyWithinItsLeaseAndBothTogetherKeepTheLimit() throws Exception {
        BreakingDataSource network = new BreakingDataSource(db.dataSource(), false);
        // A lease is at most the timeout: a recall waits no longer than that for the holder.
        Duration lease = Duration.ofSeconds(1);
        int peopleA = 0;
        int peopleB = 0;
        long slowestB = 0;
        try (PostgresCounterStore a = PostgresCounterStore.builder().dataSource(network).pseudonymKey(Database.KEY)
                .timeout(lease).lease(lease).build();
                PostgresCounterStore b = PostgresCounterStore.builder().dataSource(db.dataSource())
                        .pseudonymKey(Database.KEY).timeout(lease).lease(lease).build()) {
            Guard first = Guard.builder().policies(Packs.bundle(Packs.LIMIT, 1_000_000)).counters(a).build();
            Guard second = Guard.builder().policies(Packs.bundle(Packs.LIMIT, 1_000_000)).counters(b).build();
            // The first decision asks the database, which grants headroom with it: a quarter of what is left under
            // the step at 51, 12 people.
            assertTrue(first.decide(Packs.export(TODAY, "acme", 0, "a-0")).allowed());
            network.cutOff();
            long cutAt = System.nanoTime();
            assertTrue(first.decide(Packs.export(TODAY, "acme", 0, "a-1")).allowed(), "within its headroom");
            peopleA = 2;
            Decision lateA = null;
            Decision limitB = null;
            // The cut-off instance sends one person every 100 ms, so that its headroom outlasts its lease; the other
            // six at a time, so that it comes to the step while that headroom is still held: its recall goes
            // unanswered until the rows expire, and then they count in full.
            for (int i = 2; System.nanoTime() - cutAt < 10 * lease.toNanos() && (lateA == null || limitB == null);
                    i++) {
                Thread.sleep(100);
                long asked = System.nanoTime();
                Decision d = first.decide(Packs.export(TODAY, "acme", 0, "a-" + i));
                if (d.allowed()) {
                    peopleA++;
                    // Its headroom was granted before the cut: the lease ends within one lease of it.
                    assertTrue(asked - cutAt < lease.toNanos(), "allowed " + (asked - cutAt) / 1_000_000
                            + " ms after the cut, with a lease of " + lease);
                } else if (asked - cutAt > lease.toNanos()) {
                    lateA = d;
                }
                long startB = System.nanoTime();
                Decision e = second.decide(Packs.export(TODAY, "other", 0, "b-" + i + "-1", "b-" + i + "-2",
                        "b-" + i + "-3", "b-" + i + "-4", "b-" + i + "-5", "b-" + i + "-6"));
                slowestB = Math.max(slowestB, System.nanoTime() - startB);
                if (e.allowed()) {
                    peopleB += 6;
                } else if (e.reasons().get(0).pack().equals("p")) {
                    limitB = e;
                }
                assertTrue(peopleA + peopleB <= Packs.LIMIT, peopleA + " + " + peopleB + " people allowed");
            }
            assertNotNull(lateA, "the cut-off instance denies once its lease has run out");
            assertEquals("counters", lateA.reasons().get(0).pack(), lateA.explain());
            assertNotNull(limitB, "the other instance came to the limit");
            assertTrue(slowestB < 5 * lease.toNanos(), "a recall the cut-off instance cannot hear is waited for "
                    + "at most the timeout: the slowest decision took " + slowestB / 1_000_000 + " ms");
            network.reconnect();
        }
        // Too many at worst (headroom that expired counts in full), never fewer than were allowed.
        long counted = people("p/people", null);
        assertTrue(counted >= peopleA + peopleB, counted + " counted, " + peopleA + " + " + peopleB + " allowed");
    }

    /** A store on these connections that reserves 5,000 people at a time. */
    private static PostgresCounterStore storeWithHeadroomOn(DataSource source, Duration timeout, Duration lease) {
        return PostgresCounterStore.builder().dataSource(source).pseudonymKey(Database.KEY).timeout(timeout)
                .lease(lease).headroom(5000).build();
    }

    /**
     * {@code n} transfers of one new person each to acme, far below every limit: all allowed within headroom.
     *
     * @return the guard that decided them
     */
    private static Guard decideFarFromTheLimits(PostgresCounterStore store, int n, String idPrefix) {
        Guard guard = Guard.builder().policies(Packs.bundle(1_000_000, 1_000_000)).counters(store).build();
        for (int i = 0; i < n; i++) {
            assertTrue(guard.decide(Packs.export(TODAY, "acme", 0, idPrefix + i)).allowed());
        }
        return guard;
    }

    /**
     * The people in the database under both counters (the fewer of the two), once it reaches {@code n} or after
     * 10 s; {@code meanwhile} runs between looks.
     */
    private static long writtenWithin10s(int n, Runnable meanwhile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long written = 0;
        while (written < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            meanwhile.run();
            written = Math.min(rows("p/people", ""), rows("p/partners", "acme"));
        }
        return written;
    }

    private static long rows(String counter, String party) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM transferguard_subjects WHERE counter = '" + counter
                        + "' AND party = '" + party + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Connections to the real server, one of which breaks: once armed, the next transaction the keeper thread
     * begins fails as it begins, and its connection is closed; or, made with {@code afterCommit}, the next commit
     * of the keeper goes through and is answered with an error, as when the connection breaks after the server
     * committed but before its answer arrived. Or, {@linkplain #cutOff cut off}, all of them fail.
     */
    private static final class BreakingDataSource implements DataSource {
        private final DataSource server;
        private final boolean afterCommit;
        final AtomicBoolean armed;
        final CountDownLatch broken = new CountDownLatch(1);
        private final AtomicBoolean cut = new AtomicBoolean();
        private final List<Connection> handedOut = new CopyOnWriteArrayList<>();

        BreakingDataSource(DataSource server, boolean armed) {
            this(server, armed, false);
        }

        BreakingDataSource(DataSource server, boolean armed, boolean afterCommit) {
            this.server = server;
            this.armed = new AtomicBoolean(armed);
            this.afterCommit = afterCommit;
        }

        /** Cuts the network: every connection handed out is closed, and none can be made until reconnected. */
        void cutOff() throws SQLException {
            cut.set(true);
            for (Connection c : handedOut) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // Closed all the same: a connection in use may complain as it is cut.
                }
            }
        }

        void reconnect() {
            cut.set(false);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (cut.get()) {
                throw new SQLException("the network to the database is cut", "08001");
            }
            Connection real = server.getConnection();
            handedOut.add(real);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (cut.get() && !method.getName().equals("close")) {
                            throw new SQLException("the network to the database is cut", "08006");
                        }
                        boolean keeper = Thread.currentThread().getName().equals("transferguard-headroom");
                        if (!afterCommit && keeper && method.getName().equals("setAutoCommit")
                                && Boolean.FALSE.equals(args[0]) && armed.compareAndSet(true, false)) {
                            real.close();
                            broken.countDown();
                            throw new SQLException("connection lost as the transaction began", "08006");
                        }
                        if (afterCommit && keeper && method.getName().equals("commit")
                                && armed.compareAndSet(true, false)) {
                            real.commit();
                            real.close();
                            broken.countDown();
                            throw new SQLException("connection lost before the commit was answered", "08006");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return server.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            server.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            server.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return server.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return server.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return server.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return server.isWrapperFor(iface);
        }
    }
}
