package dev.transferguard.benchmarks;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import dev.transferguard.postgres.PostgresCounterStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Volume counters shared in PostgreSQL: four guards, each with a store of its own, eight threads each, against one
 * local server (started from Maven artifacts), timed on the wall clock per decision.
 *
 * <pre>
 * java -cp benchmarks.jar dev.transferguard.benchmarks.CountersBench --out OUT.json [--seconds N]
 * </pre>
 *
 * <ul>
 * <li>Far from every limit ({@code counters_pg_*}): each decision sends one new person under a pack whose limits
 * lie a billion people away, so that the guards decide within headroom.</li>
 * <li>Near a limit ({@code counters_pg_near_*}): the counter stands at 49 of a limit of 50 and each decision sends
 * one of the 49 people again (allowed, and the count stays), so that no headroom is ever granted and every
 * decision locks the key, reads it and commits in the database.</li>
 * </ul>
 *
 * <p>Before it reports, each scenario checks the counts: far, the database holds exactly the people allowed once
 * the guards have given their headroom back; near, every decision was allowed and the count is still 49. Where a
 * store counted another's headroom as used because it was not given back in time ({@link
 * PostgresCounterStore#lateHeadroom()}: its holder was too slow to renew it within the lease), the database may
 * count up to that headroom more, never fewer: then the far check asks for that, and the run reports how often
 * ({@code counters_pg_late_headroom}). It refuses to write figures otherwise.
 */
public final class CountersBench {

    private static final int INSTANCES = 4;
    private static final int THREADS = 8;
    /** The most people one grant of headroom reserves. */
    private static final long HEADROOM = 1000;
    private static final byte[] KEY = "the pseudonym key every instance shares".getBytes(StandardCharsets.UTF_8);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            recipient-kind commercial "a company"
            """;
    private static final String PACK = """
            policy p "bulk"
              version 1
              applies when origin in [CN]
              default allow
            counter people = distinct subjects of personal
              per calendar-year
            counter partners = distinct subjects of personal
              per 12 months per counterparty
            rule bulk
              deny when count(people) > LIMIT
              because "a limit of people a year"
            rule partner
              deny when count(partners) > LIMIT
              because "a limit of people a year to one counterparty"
            """;

    private CountersBench() {
    }

    /** What one scenario measured. */
    private record Measured(long decisions, double seconds, long[] latencies, long roundTrips, long decided,
            long allowed, long late) {
        /** Decisions a second while measured. */
        double perSecond() {
            return decisions / seconds;
        }

        double percentileMicros(double p) {
            return latencies[(int) Math.min(latencies.length - 1, Math.floor(p * latencies.length))] / 1e3;
        }
    }

    /** What a thread sends next. */
    @FunctionalInterface
    private interface Sends {
        Transfer next(int instance, int thread, long i);
    }

    /**
     * Runs both scenarios and writes their keys.
     *
     * @param args {@code --out FILE}, optionally {@code --seconds N} (measured seconds per scenario, 5 by default)
     */
    public static void main(String[] args) throws Exception {
        Path out = null;
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        Path data = Files.createTempDirectory("counters-bench");
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(true).start()) {
            String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
            Measured far = far(url, seconds);
            try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE near");
            }
            Measured near = near(url.replace("/postgres?", "/near?"), seconds);
            String json = String.format(Locale.ROOT, "{\"counters_pg_decisions_per_s\": %.0f, "
                    + "\"counters_pg_p50_us\": %.1f, \"counters_pg_p99_us\": %.1f, "
                    + "\"counters_pg_roundtrips_per_decision\": %.4f, \"counters_pg_near_decisions_per_s\": %.0f, "
                    + "\"counters_pg_near_p50_us\": %.1f, \"counters_pg_near_p99_us\": %.1f, "
                    + "\"counters_pg_near_roundtrips_per_decision\": %.4f, \"counters_pg_late_headroom\": %d}%n",
                    far.perSecond(), far.percentileMicros(0.5), far.percentileMicros(0.99),
                    (double) far.roundTrips() / far.decisions(), near.perSecond(), near.percentileMicros(0.5),
                    near.percentileMicros(0.99), (double) near.roundTrips() / near.decisions(),
                    far.late() + near.late());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.print(json);
        }
    }

    private static PolicyBundle pack(long limit) {
        return PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY, "p.guard",
                PACK.replace("LIMIT", Long.toString(limit))));
    }

    private static Transfer export(String recipient, String id) {
        return Transfer.builder().date(TODAY).origin("CN").destination("SG").categories("personal")
                .subjects(new Subjects(List.of("CN"), List.of(), 1, List.of(id)))
                .recipient(new Recipient(recipient, "commercial", "SG", false)).build();
    }

    private static PostgresCounterStore store(String url, long headroom) {
        return PostgresCounterStore.builder().url(url).pseudonymKey(KEY).headroom(headroom).build();
    }

    private static Measured far(String url, int seconds) throws Exception {
        PolicyBundle pack = pack(1_000_000_000L);
        Measured m = race(url, pack, seconds, (instance, thread, i) ->
                export("acme-" + instance, "far-" + instance + "-" + thread + "-" + i));
        try (PostgresCounterStore check = store(url, 0)) {
            long counted = check.count("p/people", null, TODAY.withDayOfYear(1).toEpochDay(), TODAY.toEpochDay(), null);
            check.settle(false);
            System.err.printf(Locale.ROOT, "CountersBench: far from the limits: %d of %d decisions allowed, the database"
                    + " counts %d, headroom late %d times%n", m.allowed(), m.decided(), counted, m.late());
            boolean countsAsDocumented = m.late() == 0 ? counted == m.allowed()
                    : counted >= m.allowed() && counted <= m.allowed() + m.late() * HEADROOM;
            if (m.allowed() != m.decided() || !countsAsDocumented) {
                throw new IllegalStateException("far from the limits " + m.allowed() + " of " + m.decided()
                        + " decisions were allowed and the database counts " + counted + " (headroom late "
                        + m.late() + " times): not timing a wrong store");
            }
        }
        return m;
    }

    private static Measured near(String url, int seconds) throws Exception {
        PolicyBundle pack = pack(50);
        try (PostgresCounterStore seed = store(url, 0)) {
            Guard g = Guard.builder().policies(pack).counters(seed).build();
            for (int i = 0; i < 49; i++) {
                if (!g.decide(export("acme", "near-" + i)).allowed()) {
                    throw new IllegalStateException("the near scenario could not be seeded");
                }
            }
        }
        Measured m = race(url, pack, seconds, (instance, thread, i) ->
                export("acme", "near-" + ThreadLocalRandom.current().nextInt(49)));
        try (PostgresCounterStore check = store(url, 0)) {
            long counted = check.count("p/people", null, TODAY.withDayOfYear(1).toEpochDay(), TODAY.toEpochDay(), null);
            check.settle(false);
            if (m.allowed() != m.decided() || counted != 49) {
                throw new IllegalStateException("near the limit " + m.allowed() + " of " + m.decided()
                        + " decisions were allowed and the database counts " + counted + " (headroom late "
                        + m.late() + " times): not timing a wrong store");
            }
        }
        return m;
    }

    /** Four guards, eight threads each: one second of warm-up, then {@code seconds} measured. */
    private static Measured race(String url, PolicyBundle pack, int seconds, Sends sends) throws Exception {
        List<PostgresCounterStore> stores = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong allowed = new AtomicLong();
        AtomicLong decisions = new AtomicLong();
        CountDownLatch done = new CountDownLatch(INSTANCES * THREADS);
        try {
            for (int instance = 0; instance < INSTANCES; instance++) {
                PostgresCounterStore store = store(url, HEADROOM);
                stores.add(store);
                Guard guard = Guard.builder().policies(pack).counters(store).build();
                for (int thread = 0; thread < THREADS; thread++) {
                    int in = instance;
                    int th = thread;
                    long[][] mine = {new long[1 << 14]};
                    int slot = latencies.size();
                    latencies.add(null);
                    Thread t = new Thread(() -> {
                        int n = 0;
                        for (long i = 0; !stop.get(); i++) {
                            Transfer transfer = sends.next(in, th, i);
                            boolean counted = measuring.get();
                            long start = System.nanoTime();
                            Decision d = guard.decide(transfer);
                            long took = System.nanoTime() - start;
                            if (counted) {
                                if (n == mine[0].length) {
                                    mine[0] = Arrays.copyOf(mine[0], n * 2);
                                }
                                mine[0][n++] = took;
                            }
                            decisions.incrementAndGet();
                            if (d.allowed()) {
                                allowed.incrementAndGet();
                            }
                        }
                        synchronized (latencies) {
                            latencies.set(slot, Arrays.copyOf(mine[0], n));
                        }
                        done.countDown();
                    }, "counters-bench-" + instance + "-" + thread);
                    threads.add(t);
                }
            }
            threads.forEach(Thread::start);
            Thread.sleep(1000);
            long tripsBefore = stores.stream().mapToLong(PostgresCounterStore::roundTrips).sum();
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double measured = (System.nanoTime() - start) / 1e9;
            long trips = stores.stream().mapToLong(PostgresCounterStore::roundTrips).sum() - tripsBefore;
            stop.set(true);
            done.await();
            long[] all;
            synchronized (latencies) {
                all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            }
            // Closed first: a store gives its headroom back as it closes, and may find another's late then.
            closeAll(stores);
            long late = stores.stream().mapToLong(PostgresCounterStore::lateHeadroom).sum();
            return new Measured(all.length, measured, all, trips, decisions.get(), allowed.get(), late);
        } finally {
            stop.set(true);
            closeAll(stores);
        }
    }

    /** Closes the stores; closing a closed one does nothing. */
    private static void closeAll(List<PostgresCounterStore> stores) {
        for (PostgresCounterStore s : stores) {
            s.close();
        }
    }
}
