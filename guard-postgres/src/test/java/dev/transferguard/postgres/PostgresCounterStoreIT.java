package dev.transferguard.postgres;

import static dev.transferguard.postgres.Packs.export;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.LogCapture;
import dev.transferguard.Mode;
import dev.transferguard.Reason;
import dev.transferguard.Transfer;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.counters.InMemoryCounterStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against a real PostgreSQL server: what it counts, keeps, forgets and refuses. */
class PostgresCounterStoreIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String PEOPLE = "p/people";

    @TempDir
    static java.nio.file.Path data;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        db = Database.start(data.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        db.empty();
    }

    private static Guard guard(CounterStore store) {
        return Guard.builder().policies(Packs.bundle()).counters(store).build();
    }

    @Test
    void countsWhatAnInMemoryStoreCountsAcrossTwoGuards() {
        try (PostgresCounterStore a = db.store(); PostgresCounterStore b = db.store()) {
            Guard one = guard(a);
            Guard two = guard(b);
            InMemoryCounterStore memory = new InMemoryCounterStore();
            Guard alone = guard(memory);
            List<Transfer> transfers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // Ids repeat across transfers (counted once), and some people come without ids (each new).
                transfers.add(export(TODAY, i % 2 == 0 ? "acme" : "ACME Corp", i % 3, "p" + (i % 12), "q" + i));
            }
            int denied = 0;
            for (int i = 0; i < transfers.size(); i++) {
                Decision shared = (i % 2 == 0 ? one : two).decide(transfers.get(i));
                Decision single = alone.decide(transfers.get(i));
                assertEquals(single.allowed(), shared.allowed(), "transfer " + i + ": " + shared.explain());
                assertEquals(single.reasons(), shared.reasons(), "transfer " + i);
                denied += shared.allowed() ? 0 : 1;
            }
            assertTrue(denied > 0 && denied < transfers.size(), "the sequence crosses a threshold: " + denied);
            long from = TODAY.withDayOfYear(1).toEpochDay();
            long to = TODAY.toEpochDay();
            assertEquals(memory.count(PEOPLE, null, from, to, null), a.count(PEOPLE, null, from, to, null));
            for (String party : List.of("acme", "acme corp")) {
                assertEquals(memory.count("p/partners", party, to - 400, to, null),
                        b.count("p/partners", party, to - 400, to, null), party);
            }
            assertEquals(List.of("acme", "acme corp"), a.counterparties("p/partners"));
            a.settle(false);
            b.settle(false);
        }
    }

    @Test
    void theSnippetOfTheCountersPageRunsAsShown() throws Exception {
        String url = db.url();
        byte[] key = Database.KEY;
        dev.transferguard.policy.PolicyBundle policies = Packs.bundle();
        // counters.md:start
        PostgresCounterStore counters = PostgresCounterStore.builder()
                .url(url)                         // jdbc:postgresql://HOST:PORT/DB?user=U&password=P, or .dataSource(pool)
                .pseudonymKey(key)                // the same key in every instance
                .timeout(Duration.ofSeconds(2))   // how long a decision may wait for the database
                .build();
        Guard guard = Guard.builder().policies(policies).counters(counters).build();
        // counters.md:end
        try (counters) {
            assertTrue(guard.decide(export(TODAY, "acme", 1, "x")).allowed());
        }
        String source = java.nio.file.Files.readString(dev.transferguard.Repository.file(
                "guard-postgres/src/test/java/dev/transferguard/postgres/PostgresCounterStoreIT.java"));
        String code = source.substring(source.indexOf("// counters.md:" + "start") + 22,
                source.indexOf("        // counters.md:" + "end"));
        String page = java.nio.file.Files.readString(dev.transferguard.Repository.file("docs/counters.md"));
        String shown = page.substring(page.indexOf("```java\n") + 8, page.indexOf("```\n", page.indexOf("```java")));
        assertEquals(code.lines().map(String::strip).toList(), shown.lines().map(String::strip).toList());
    }

    @Test
    void thePersonSentTwiceCountsOnceAndOnlyPseudonymsReachTheDatabase() throws Exception {
        try (PostgresCounterStore a = db.store(); PostgresCounterStore b = db.store()) {
            assertTrue(guard(a).decide(export(TODAY, "acme", 0, "alice@example.com")).allowed());
            assertTrue(guard(b).decide(export(TODAY, "other", 0, "alice@example.com")).allowed());
        }
        try (PostgresCounterStore a = db.store()) {
            assertEquals(1, a.count(PEOPLE, null, TODAY.toEpochDay(), TODAY.toEpochDay(), null));
            a.settle(true);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT string_agg(encode(pid, 'escape'), ',') FROM transferguard_subjects")) {
                r.next();
                assertFalse(r.getString(1).contains("alice"), "ids reach the database only as pseudonyms");
            }
        }
    }

    @Test
    void aDeniedTransferCountsNothing() {
        try (PostgresCounterStore a = db.store()) {
            Guard g = guard(a);
            assertTrue(g.decide(export(TODAY, "acme", 25)).allowed());
            assertTrue(g.decide(export(TODAY, "other", 25)).allowed());
            assertFalse(g.decide(export(TODAY, "third", 1)).allowed());
            assertEquals(50, a.count(PEOPLE, null, TODAY.toEpochDay(), TODAY.toEpochDay(), null));
            a.settle(false);
        }
    }

    @Test
    void aTransferWhoseRecordCannotBeWrittenAfterItsCountCommittedIsDeniedAndStaysCounted() {
        // Counters settle before the record is written (docs/counters.md, "Order of writes"): a log that
        // refuses the record after the commit denies the transfer, and the count keeps it (too many, never too few).
        dev.transferguard.audit.AuditLog log = dev.transferguard.audit.AuditLog.builder()
                .directory(data.resolve("audit-" + System.nanoTime())).origin("test.example/audit")
                .signingKey(dev.transferguard.audit.SigningKey.generate("audit")).pseudonymKey(Database.KEY).open();
        try (PostgresCounterStore store = db.store(0)) {
            Guard g = Guard.builder().policies(Packs.bundle()).counters(store).audit(log).build();
            assertTrue(g.decide(export(TODAY, "acme", 10)).allowed());
            log.close();
            Decision d = g.decide(export(TODAY, "acme", 15));
            assertFalse(d.allowed(), d.explain());
            assertEquals(dev.transferguard.Guard.AUDIT_PACK, d.reasons().get(0).pack(), d.explain());
            assertEquals(25, store.count(PEOPLE, null, TODAY.toEpochDay(), TODAY.toEpochDay(), null),
                    "the refused record's 15 people stay counted");
            store.settle(false);
        }
    }

    @Test
    void withoutAPseudonymKeyIdsThatAreNotPseudonymsAreDeniedAndNothingReachesTheDatabase() throws Exception {
        try (PostgresCounterStore store = PostgresCounterStore.builder().url(db.url())
                .timeout(Duration.ofSeconds(2)).build()) {
            Guard g = guard(store);
            Decision d = g.decide(export(TODAY, "acme", 0, "li.wei@example.cn"));
            assertFalse(d.allowed(), d.explain());
            Reason r = d.reasons().get(0);
            assertEquals(CounterStoreException.PACK + "/" + CounterStoreException.RULE, r.pack() + "/" + r.rule());
            assertTrue(r.because().contains("has no pseudonym key"), r.because());
            assertFalse(r.because().contains("li.wei"), "the id is not in the reason");
            // People without ids, and ids that are pseudonyms already, are counted as usual.
            String pseudonym = "hmac-sha256:" + "ab".repeat(32);
            assertTrue(g.decide(export(TODAY, "acme", 3, pseudonym)).allowed());
            assertEquals(4, store.count(PEOPLE, null, TODAY.toEpochDay(), TODAY.toEpochDay(), null));
            store.settle(false);
        }
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rows = st.executeQuery("SELECT count(DISTINCT pid) FROM transferguard_subjects")) {
            rows.next();
            assertEquals(1, rows.getLong(1), "only the pseudonym is in the database (under each counter)");
        }
    }

    @Test
    void aSecondDatabaseSchemaNewerThanThisStoreIsRefusedClearly() throws Exception {
        db.store().close();
        db.execute("UPDATE transferguard_schema SET version = " + (PostgresCounterStore.SCHEMA_VERSION + 1));
        CounterStoreException e = assertThrows(CounterStoreException.class, db::store);
        assertTrue(e.getMessage().contains("schema version " + (PostgresCounterStore.SCHEMA_VERSION + 1)
                + ", newer than this guard-postgres knows (" + PostgresCounterStore.SCHEMA_VERSION + ")"), e.getMessage());
        assertTrue(e.store().startsWith("PostgreSQL counter store at localhost:"), e.store());
    }

    @Test
    void anImportCountsOnceHoweverOftenItRuns() {
        try (PostgresCounterStore store = db.store()) {
            List<Transfer> past = List.of(export(TODAY, "acme", 5, "a"), export(TODAY, "acme", 5, "b"),
                    export(TODAY, "acme", 5));
            for (int run = 0; run < 3; run++) {
                Guard.builder().policies(Packs.bundle()).counters(store.importer(List.of("log:test#1", "log:test#2", "log:test#3"))).history(past).build();
            }
            assertEquals(17, store.count(PEOPLE, null, TODAY.toEpochDay(), TODAY.toEpochDay(), null));
            store.settle(false);
        }
    }

    @Test
    void rowsEveryWindowHasLeftAreDeletedAndOthersKept() {
        try (PostgresCounterStore store = db.store()) {
            long day = TODAY.toEpochDay();
            for (long d = day - 3; d <= day; d++) {
                store.record(PEOPLE, null, d, export(TODAY, "acme", 2, "x" + d).subjects());
            }
            store.settle(true);
            store.forget(PEOPLE, day - 1);
            assertEquals(6, store.count(PEOPLE, null, day - 10, day, null));
            store.settle(false);
            // Another guard sharing the database reads a longer window: its rows stay.
            try (PostgresCounterStore other = db.store()) {
                other.forget(PEOPLE, day - 5);
                store.forget(PEOPLE, day);
                assertEquals(6, store.count(PEOPLE, null, day - 10, day, null));
                store.settle(false);
            }
        }
    }

    @Test
    void aDatabaseThatIsDownDeniesNamingTheStoreWithinTheTimeout() throws Exception {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close();
            try (PostgresCounterStore store = PostgresCounterStore.builder()
                    .url("jdbc:postgresql://localhost:" + port + "/guard?user=u&password=secret")
                    .pseudonymKey(Database.KEY).timeout(Duration.ofMillis(500)).build()) {
                Guard g = guard(store);
                long start = System.nanoTime();
                Decision d = g.decide(export(TODAY, "acme", 1));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertFalse(d.allowed());
                Reason r = d.reasons().get(0);
                assertEquals(CounterStoreException.PACK + "/" + CounterStoreException.RULE, r.pack() + "/" + r.rule());
                assertEquals("PostgreSQL counter store at localhost:" + port + "/guard", r.source());
                assertFalse(r.because().contains("secret"), r.because());
                assertTrue(millis < 5_000, "denied after " + millis + " ms");
            }
        }
    }

    @Test
    void aServerThatTakesTheConnectionAndNeverAnswersDeniesWithinTheTimeout() throws Exception {
        // A closed port refuses at once; a server that accepts and then says nothing is the one a timeout is for.
        try (dev.transferguard.SilentServer silent = dev.transferguard.SilentServer.start()) {
            int port = silent.port();
            try (PostgresCounterStore store = PostgresCounterStore.builder()
                    .url("jdbc:postgresql://127.0.0.1:" + port + "/guard?user=u&password=secret")
                    .pseudonymKey(Database.KEY).timeout(Duration.ofMillis(500)).build()) {
                Guard g = guard(store);
                for (int i = 0; i < 2; i++) {
                    long start = System.nanoTime();
                    Decision d = g.decide(export(TODAY, "acme", 1));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertFalse(d.allowed());
                    Reason r = d.reasons().get(0);
                    assertEquals(CounterStoreException.PACK + "/" + CounterStoreException.RULE,
                            r.pack() + "/" + r.rule());
                    assertFalse(r.because().contains("secret"), r.because());
                    assertTrue(millis < 5_000, "decision " + i + " denied after " + millis + " ms");
                }
                assertTrue(silent.connected(), "the store connected and waited for an answer");
                // Monitor mode lets the transfer through (enforce returns the denial rather than throwing it) and
                // says so at ERROR; no line of any logger, at any level, nor any exception logged, holds the password.
                try (LogCapture everything = LogCapture.everything()) {
                    Guard monitor = Guard.builder().policies(Packs.bundle()).counters(store)
                            .mode(dev.transferguard.Mode.MONITOR).build();
                    Decision let = monitor.enforce(export(TODAY, "acme", 1));
                    assertEquals(CounterStoreException.PACK, let.reasons().get(0).pack(), let.explain());
                    String logged = everything.allText();
                    assertTrue(logged.contains("counter store could not count"), logged);
                    assertTrue(logged.contains("transferguard-counters"), "the pool's own lines are read too: " + logged);
                    assertFalse(logged.contains("secret"), logged);
                }
            }
        }
    }

    @Test
    void aLockHeldTooLongDeniesAfterTheTimeoutAndMonitorModeLetsThroughLoudly() throws Exception {
        try (PostgresCounterStore holder = db.store();
                PostgresCounterStore store = PostgresCounterStore.builder().url(db.url()).pseudonymKey(Database.KEY)
                        .timeout(Duration.ofMillis(300)).build()) {
            long day = TODAY.toEpochDay();
            // Another instance in the middle of a decision on the same counter holds its lock.
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                holder.count(PEOPLE, null, day, day, null);
                held.countDown();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                holder.settle(false);
            });
            t.start();
            assertTrue(held.await(10, TimeUnit.SECONDS));
            try {
                Decision d = guard(store).decide(export(TODAY, "acme", 1));
                assertFalse(d.allowed());
                assertTrue(d.reasons().get(0).because().contains("no answer within 300 ms"), d.explain());
                Guard monitor = Guard.builder().policies(Packs.bundle()).counters(store).mode(Mode.MONITOR).build();
                try (LogCapture log = LogCapture.of(Guard.class)) {
                    monitor.enforce(export(TODAY, "acme", 1));
                    assertTrue(log.at(Level.ERROR).stream().anyMatch(m -> m.contains("counter store could not count")),
                            log.all()::toString);
                }
                Guard enforcing = guard(store);
                TransferDeniedException denied = assertThrows(TransferDeniedException.class,
                        () -> enforcing.enforce(export(TODAY, "acme", 1)));
                assertTrue(denied.getCause() instanceof CounterStoreException);
            } finally {
                done.countDown();
                t.join();
            }
            // Released: the store counts again, and nothing was counted meanwhile.
            assertTrue(guard(store).decide(export(TODAY, "acme", 1)).allowed());
            assertEquals(1, store.count(PEOPLE, null, day, day, null));
            store.settle(false);
        }
    }
}
