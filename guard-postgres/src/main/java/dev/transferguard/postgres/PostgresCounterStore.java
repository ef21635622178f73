package dev.transferguard.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.transferguard.PseudonymKey;
import dev.transferguard.Subjects;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.postgres.internal.Counting;
import dev.transferguard.postgres.internal.Headroom;
import dev.transferguard.postgres.internal.Lease;
import dev.transferguard.postgres.internal.Schema;
import dev.transferguard.postgres.internal.JdbcUrls;
import dev.transferguard.postgres.internal.Pids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume counters shared by every instance of a service, in PostgreSQL. Give each guard of the service one:
 *
 * <pre>{@code
 * PostgresCounterStore counters = PostgresCounterStore.builder()
 *         .url("jdbc:postgresql://db:5432/guard?user=guard")
 *         .pseudonymKey(key)                  // the same key in every instance
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * Guard guard = Guard.builder().policies(Path.of("policies")).counters(counters).build();
 * }</pre>
 *
 * <p>It never under-counts, however many guards decide at once: a decision locks the counter keys it reads from
 * its first count to its settlement, so that decisions on one key are serialised across processes exactly as one
 * guard serialises its own, and an allowed transfer's subjects are committed before its audit record is written.
 * Subject ids reach the database only as keyed pseudonyms (HMAC-SHA256 under {@link Builder#pseudonymKey}); a
 * transfer's subjects without ids count as new people. The design and its argument are in {@code docs/counters.md}.
 *
 * <p>When the database is unreachable or slower than the timeout, every method throws
 * {@link CounterStoreException}: the guard denies the transfer, naming this store (monitor mode lets it through
 * and logs at ERROR). The store creates its tables, and migrates them, itself; it refuses a database whose schema
 * is newer than it knows.
 */
public final class PostgresCounterStore implements CounterStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCounterStore.class);

    /** The schema version this store writes and reads. */
    public static final int SCHEMA_VERSION = Schema.VERSION;

    private final DataSource source;
    private final HikariDataSource pool;
    private final String name;
    private final int timeoutMillis;
    private final UnaryOperator<String> pseudonyms;
    /** Names this store's windows and headroom among those of every guard sharing the database. */
    private final String holder = UUID.randomUUID().toString();
    private final ThreadLocal<Decision> open = new ThreadLocal<>();
    private final LongAdder roundTrips = new LongAdder();
    private final Headroom headroom;
    private volatile boolean ready;

    /** What one decision did with the store, from its first call to its settlement. */
    private static final class Decision {
        /** The decision's transaction, begun when it first needs the database. */
        Counting counting;
        /** Headroom taken for counts, kept if the same subjects are recorded. */
        final List<Lease.Use> taken = new ArrayList<>(2);
        /** Headroom taken for what was recorded, kept when the decision settles. */
        final List<Lease.Use> recorded = new ArrayList<>(2);
        final Headroom.Changes changes = new Headroom.Changes();
    }

    private PostgresCounterStore(Builder b) {
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE - 1000, b.timeout.toMillis());
        this.pseudonyms = b.pseudonymKey == null ? null : PseudonymKey.pseudonyms(b.pseudonymKey);
        if (b.dataSource != null) {
            this.source = b.dataSource;
            this.pool = null;
            this.name = "PostgreSQL counter store (" + b.dataSource.getClass().getSimpleName() + ")";
        } else {
            this.pool = pool(b.url, timeoutMillis);
            this.source = pool;
            this.name = "PostgreSQL counter store at " + JdbcUrls.location(b.url);
        }
        long leaseMillis = b.lease != null ? b.lease.toMillis() : Math.min(1000, Math.max(1, timeoutMillis / 2));
        this.headroom = new Headroom(holder, b.headroom, leaseMillis, timeoutMillis, this::connection, roundTrips);
    }

    private static HikariDataSource pool(String url, int timeoutMillis) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName("transferguard-counters");
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(Math.max(300, timeoutMillis));
        c.setValidationTimeout(250);
        // Built while the database is down: decisions are denied until it is back, instead of no guard at all.
        c.setInitializationFailTimeout(-1);
        int seconds = Math.max(1, (timeoutMillis + 999) / 1000);
        c.addDataSourceProperty("connectTimeout", seconds);
        c.addDataSourceProperty("loginTimeout", seconds);
        return new HikariDataSource(c);
    }

    /** {@return a new builder}: {@link Builder#url} or {@link Builder#dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return this store as a reason names it: its kind and where it is, never a password} */
    public String name() {
        return name;
    }

    /**
     * {@inheritDoc} Every instance's headroom on the window's days is taken as used, so that the count is never
     * too low while other instances decide within theirs.
     */
    @Override
    public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
        return count(counter, counterparty, fromDay, toDay, current, null);
    }

    /**
     * {@inheritDoc} Far from every step, from headroom this store holds, with no round trip to the database; else
     * from the database, under the key's lock, where headroom for later decisions may be granted. Without steps
     * ({@code null}), always from the database, every instance's headroom taken as used.
     */
    @Override
    public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current,
            long[] steps) {
        String party = party(counterparty);
        Decision d = decision();
        byte[][] pids = current == null ? null : pids(current);
        long anonymous = current == null ? 0 : current.count() - pids.length;
        if (steps != null) {
            Lease.Use u = headroom.take(counter, party, (int) fromDay, (int) toDay, steps, pids, anonymous);
            if (u != null) {
                d.taken.add(u);
                return u.answer();
            }
        }
        // The pseudonyms made once, for headroom and the database alike.
        Counting t = begin(d);
        try {
            return headroom.decide(t, new Lease.Key(counter, party, (int) toDay), (int) fromDay, steps, pids,
                    anonymous, current != null, d.changes);
        } catch (SQLException e) {
            throw abandon(d, "could not read the counts", e);
        } catch (Headroom.HeadroomNotReturned e) {
            abandonQuietly(d);
            throw new CounterStoreException(name, e.getMessage(), null);
        }
    }

    @Override
    public void record(String counter, String counterparty, long day, Subjects subjects) {
        record(counter, counterparty, day, subjects, null);
    }

    private void record(String counter, String counterparty, long day, Subjects subjects, String importSource) {
        String party = party(counterparty);
        Decision d = decision();
        for (int i = 0; i < d.taken.size(); i++) {
            Lease.Use u = d.taken.get(i);
            Lease.Key k = u.lease().key();
            if (importSource == null && k.day() == day && k.counter().equals(counter) && k.party().equals(party)) {
                d.recorded.add(d.taken.remove(i));
                return;
            }
        }
        byte[][] pids;
        try {
            pids = pids(subjects);
        } catch (CounterStoreException e) {
            abandonQuietly(d);
            throw e;
        }
        long anonymous = subjects.count() - pids.length;
        if (importSource == null) {
            Lease.Use u = headroom.takeToRecord(counter, party, (int) day, pids, anonymous);
            if (u != null) {
                d.recorded.add(u);
                return;
            }
        }
        Counting t = begin(d);
        try {
            if (!t.locked(counter, party)) {
                headroom.beforeRecord(t, new Lease.Key(counter, party, (int) day), d.changes);
            }
        } catch (SQLException e) {
            throw abandon(d, "could not make way for the counts", e);
        } catch (Headroom.HeadroomNotReturned e) {
            abandonQuietly(d);
            throw new CounterStoreException(name, e.getMessage(), null);
        }
        t.record(counter, party, (int) day, pids, anonymous, importSource);
    }

    @Override
    public void settle(boolean keep) {
        Decision d = open.get();
        if (d == null) {
            return;
        }
        open.remove();
        boolean kept = false;
        try {
            Counting t = d.counting;
            if (t != null) {
                try (t) {
                    if (keep) {
                        t.settle();
                    } else {
                        t.rollback();
                    }
                }
            }
            kept = keep;
        } catch (SQLException e) {
            throw failure(keep ? "could not keep the counts" : "could not release a decision", e);
        } finally {
            end(d, kept);
        }
    }

    /** Lets the decision's headroom changes and uses take effect, or undoes them. */
    private void end(Decision d, boolean kept) {
        headroom.settled(d.changes, kept && d.counting != null);
        for (Lease.Use u : d.taken) {
            u.lease().release(u);
        }
        for (Lease.Use u : d.recorded) {
            if (kept) {
                u.lease().commit(u);
            } else {
                u.lease().release(u);
            }
        }
    }

    /**
     * How many round trips to the database this store has made, for decisions and for keeping its headroom: a
     * measure of how often decisions could be answered from headroom.
     *
     * @return the number since the store was built
     */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /**
     * How many times this store counted other instances' headroom as used because its holder did not give it back
     * in time: it expired (the holder stopped renewing it, as after a crash), or a decision's wait for it ran out.
     * Each may count some people too many (never too few); a steady rise means an instance is too slow to answer
     * within the lease or the timeout.
     *
     * @return the number since the store was built
     */
    public long lateHeadroom() {
        return headroom.late().sum();
    }

    /**
     * {@inheritDoc} The rows of a counter are deleted once they lie before the window of every guard that shared
     * this database within the last 7 days, so that a guard whose policies read a longer window keeps its rows.
     */
    @Override
    public void forget(String counter, long beforeDay) {
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO transferguard_windows"
                    + " (counter, holder, before_day, seen) VALUES (?, ?, ?, now()) ON CONFLICT (counter, holder)"
                    + " DO UPDATE SET before_day = excluded.before_day, seen = excluded.seen")) {
                p.setString(1, counter);
                p.setString(2, holder);
                p.setInt(3, (int) beforeDay);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM transferguard_headroom WHERE counter = ?"
                    + " AND day < ? AND expires < clock_timestamp()")) {
                // Headroom a crashed instance held on days every window has left: nothing reads it any more.
                p.setString(1, counter);
                p.setInt(2, (int) beforeDay);
                p.executeUpdate();
            }
            for (String table : List.of("transferguard_subjects", "transferguard_anonymous")) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE counter = ? AND day <"
                        + " (SELECT min(before_day) FROM transferguard_windows WHERE counter = ?"
                        + " AND seen > now() - interval '7 days')")) {
                    p.setString(1, counter);
                    p.setString(2, counter);
                    p.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw failure("could not forget the days every window has left", e);
        }
    }

    /** {@inheritDoc} Never: the database keeps the counts of every instance. */
    @Override
    public boolean rebuiltFromAudit() {
        return false;
    }

    /**
     * A view of this store that counts each transfer it is told of once, however often it is told: for seeding
     * the store from audit logs or a history. The transfers counted through it (one {@link #settle} each) are
     * named, in turn, by {@code names}; a transfer whose name was counted before adds nothing. Give
     * {@link dev.transferguard.Guard.Builder#history} the transfers in the order of their names.
     *
     * @param names one name per transfer, unique among every import into this database, e.g.
     *              {@code "log:" + origin + "#" + seq}
     * @return a store for a guard's history to count into
     */
    public CounterStore importer(List<String> names) {
        List<String> copy = List.copyOf(names);
        return new CounterStore() {
            private int next;

            @Override
            public long count(String counter, String counterparty, long fromDay, long toDay, Subjects current) {
                return PostgresCounterStore.this.count(counter, counterparty, fromDay, toDay, current);
            }

            @Override
            public void record(String counter, String counterparty, long day, Subjects subjects) {
                if (next >= copy.size()) {
                    throw new IllegalStateException("more transfers imported than names given: " + copy.size());
                }
                PostgresCounterStore.this.record(counter, counterparty, day, subjects, copy.get(next));
            }

            @Override
            public void settle(boolean keep) {
                PostgresCounterStore.this.settle(keep);
                if (keep) {
                    next++;
                }
            }

            @Override
            public void forget(String counter, long beforeDay) {
                PostgresCounterStore.this.forget(counter, beforeDay);
            }
        };
    }

    /**
     * The keys of the counters this database holds rows of.
     *
     * @return the keys, {@code pack/name}, sorted
     * @throws CounterStoreException if the database cannot be read
     */
    public List<String> counters() {
        return strings("SELECT counter FROM transferguard_subjects UNION SELECT counter FROM transferguard_anonymous"
                + " ORDER BY 1", null, "could not read the counters");
    }

    /**
     * The counterparties a counter kept per counterparty has counted for; {@code ""} stands for the counter
     * itself when it is not kept per counterparty.
     *
     * @param counter the counter's key, {@code pack/name}
     * @return the counterparties' normalised names, sorted
     * @throws CounterStoreException if the database cannot be read
     */
    public List<String> counterparties(String counter) {
        return strings("SELECT party FROM transferguard_subjects WHERE counter = ? UNION"
                + " SELECT party FROM transferguard_anonymous WHERE counter = ? ORDER BY 1", counter,
                "could not read the counterparties");
    }

    /**
     * The headroom running instances hold on a counter key over a window and have not used: part of what
     * {@link #count} answers, since any of it may be used without asking the database.
     *
     * @param counter      the counter's key, {@code pack/name}
     * @param counterparty the counterparty, or {@code null}
     * @param fromDay      the first day of the window, an epoch day
     * @param toDay        the last day, an epoch day
     * @return the number of people held
     * @throws CounterStoreException if the database cannot be read
     */
    public long headroom(String counter, String counterparty, long fromDay, long toDay) {
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(amount - spent), 0)"
                    + " FROM transferguard_headroom WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?")) {
                p.setString(1, counter);
                p.setString(2, party(counterparty));
                p.setInt(3, (int) Math.max(Integer.MIN_VALUE, fromDay));
                p.setInt(4, (int) Math.min(Integer.MAX_VALUE, toDay));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw failure("could not read the headroom", e);
        }
    }

    private List<String> strings(String query, String counter, String what) {
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement(query)) {
                if (counter != null) {
                    p.setString(1, counter);
                    p.setString(2, counter);
                }
                List<String> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Closes the pool this store made from a URL; a given {@link DataSource} is the caller's to close. */
    @Override
    public void close() {
        headroom.close();
        if (pool != null) {
            pool.close();
        }
    }

    /** The thread's decision, begun on its first call. */
    private Decision decision() {
        Decision d = open.get();
        if (d == null) {
            d = new Decision();
            open.set(d);
        }
        return d;
    }

    /** The decision's transaction, begun when it first needs the database. */
    private Counting begin(Decision d) {
        if (d.counting != null) {
            return d.counting;
        }
        Connection c = null;
        try {
            c = connection();
            d.counting = new Counting(c, timeoutMillis, roundTrips, headroom.late());
        } catch (SQLException e) {
            closeQuietly(c);
            abandonQuietly(d);
            throw failure("is unreachable or too slow", e);
        }
        return d.counting;
    }

    private Connection connection() throws SQLException {
        if (!ready) {
            prepare();
        }
        return source.getConnection();
    }

    /** Creates or migrates the schema once, before the first use. */
    private synchronized void prepare() throws SQLException {
        if (ready) {
            return;
        }
        try (Connection c = source.getConnection()) {
            c.setNetworkTimeout(Runnable::run, timeoutMillis + 1000);
            Schema.ensure(c);
            c.setAutoCommit(true);
            ready = true;
        } catch (Schema.TooNew e) {
            throw new CounterStoreException(name, e.getMessage(), null);
        }
    }

    private CounterStoreException abandon(Decision d, String what, SQLException e) {
        abandonQuietly(d);
        return failure(what, e);
    }

    /** Ends a decision that failed: nothing of it is kept. */
    private void abandonQuietly(Decision d) {
        open.remove();
        Counting t = d.counting;
        if (t != null) {
            try (t) {
                t.rollback();
            } catch (SQLException ignored) {
                // The connection is broken: closing it is all there is to do, and the pool replaces it.
            }
        }
        end(d, false);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already broken; nothing was written on it.
            }
        }
    }

    private CounterStoreException failure(String what, SQLException e) {
        return new CounterStoreException(name, what + ": " + JdbcUrls.reason(e, timeoutMillis), e);
    }

    private byte[][] pids(Subjects s) {
        if (s.ids().isEmpty()) {
            return new byte[0][];
        }
        byte[][] pids = Pids.of(s.ids(), pseudonyms);
        if (pids == null) {
            throw new CounterStoreException(name, "has no pseudonym key, so it cannot count subject ids that are"
                    + " not pseudonyms already", null);
        }
        return pids;
    }

    private static String party(String counterparty) {
        return counterparty == null ? "" : counterparty;
    }

    /** Configures a {@link PostgresCounterStore}; {@link #build()} is the last step. */
    public static final class Builder {
        private String url;
        private DataSource dataSource;
        private Duration timeout = Duration.ofSeconds(2);
        private byte[] pseudonymKey;
        private long headroom = 1000;
        private Duration lease;

        private Builder() {
        }

        /**
         * The most people one reservation of headroom may cover: far from every step of the policies, an instance
         * reserves headroom in the database and decides within it without a round trip, each reservation a quarter
         * of the room left below the next step and at most this many; 1,000 by default. 0 turns headroom off, so
         * that every decision that reads a counter asks the database.
         *
         * @param people at least 0
         * @return this builder
         */
        public Builder headroom(long people) {
            if (people < 0) {
                throw new IllegalArgumentException("the counter store's headroom must be at least 0, was " + people);
            }
            this.headroom = people;
            return this;
        }

        /**
         * How long the database keeps headroom for an instance that stops renewing it (a crash) before other
         * instances count it as used and may decide past it; half the timeout by default, at most 1 second. No
         * longer than the timeout, so that a decision waiting for headroom back outlasts a crashed holder's.
         *
         * @param lease positive, at most the timeout
         * @return this builder
         */
        public Builder lease(Duration lease) {
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("the counter store's lease must be positive, was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * The database, as a JDBC URL: {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}. The store keeps a
         * small pool of its own (HikariCP), closed by {@link PostgresCounterStore#close()}.
         *
         * @param jdbcUrl the URL
         * @return this builder
         * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL; the message does not repeat it
         */
        public Builder url(String jdbcUrl) {
            this.url = JdbcUrls.check(jdbcUrl);
            this.dataSource = null;
            return this;
        }

        /**
         * The database, as the application's pool.
         *
         * @param dataSource a pool of connections to it
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.url = null;
            return this;
        }

        /**
         * How long a decision may wait for the database (a connection, a lock, a statement) before it is denied;
         * 2 seconds by default.
         *
         * @param timeout at least 1 millisecond
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the counter store's timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The secret that subject ids are pseudonymised with before they reach the database (HMAC-SHA256). Every
         * instance sharing the database must use the same key, or one person counts once per key. Without it, a
         * transfer with subject ids is denied.
         *
         * @param key at least {@value PseudonymKey#MIN_BYTES} bytes; copied
         * @return this builder
         */
        public Builder pseudonymKey(byte[] key) {
            this.pseudonymKey = PseudonymKey.check(key, "the counter store's pseudonym key");
            return this;
        }

        /**
         * Builds the store and creates or migrates its schema. A database that cannot be reached now is not an
         * error: decisions are denied until it can be.
         *
         * @return the store
         * @throws IllegalStateException    if neither a URL nor a data source was given
         * @throws CounterStoreException    if the database's schema is newer than this store knows
         */
        public PostgresCounterStore build() {
            if (url == null && dataSource == null) {
                throw new IllegalStateException("a counter store needs url(...) or dataSource(...)");
            }
            if (lease != null && lease.compareTo(timeout) > 0) {
                throw new IllegalStateException("the counter store's lease (" + lease + ") must not be longer than"
                        + " its timeout (" + timeout + ")");
            }
            PostgresCounterStore store = new PostgresCounterStore(this);
            try {
                store.prepare();
            } catch (SQLException e) {
                LOG.warn("{} cannot be reached yet; transfers it counts are denied until it can: {}", store.name,
                        JdbcUrls.reason(e, store.timeoutMillis));
            } catch (CounterStoreException e) {
                store.close();
                throw e;
            }
            return store;
        }
    }
}
