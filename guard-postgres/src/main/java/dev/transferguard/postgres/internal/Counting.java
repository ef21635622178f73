package dev.transferguard.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One decision's transaction: from the first count to the settlement, on one connection. Every counter key it
 * reads or writes is locked (a transaction-scoped advisory lock) before it is read, so that no other decision
 * advances that key between this decision's count and its records; the locks go with the commit or rollback.
 *
 * <p>Under READ COMMITTED each statement sees what was committed before it started: the lock is taken by one
 * statement and the counts read by the next, so that they see every record the lock's previous holder committed.
 */
public final class Counting implements AutoCloseable {

    /** The committed count and what bounds it, read in one statement so that it is one consistent cut. */
    private static final String READ = "SELECT"
            + " (SELECT count(DISTINCT pid) FROM transferguard_subjects"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?),"
            + " (SELECT coalesce(sum(n), 0) FROM transferguard_anonymous"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?),"
            + " (SELECT count(DISTINCT pid) FROM transferguard_subjects"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ? AND pid = ANY (?)),"
            + " (SELECT coalesce(sum(amount - spent), 0) FROM transferguard_headroom"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?),"
            + " (SELECT min(ceiling) FROM transferguard_headroom WHERE counter = ? AND party = ? AND day = ?),"
            + " (SELECT count(*) FROM transferguard_headroom"
            + "   WHERE counter = ? AND party = ? AND from_day <= ? AND day > ?),"
            + " (SELECT count(*) FROM transferguard_headroom"
            + "   WHERE counter = ? AND party = ? AND expires < clock_timestamp())";
    /** Headroom whose holder stopped renewing it counts in full: its holder may have used all of it. */
    private static final String RECLAIM = "WITH gone AS (DELETE FROM transferguard_headroom"
            + " WHERE counter = ? AND party = ? AND expires < clock_timestamp() RETURNING day, holder, amount - spent AS amount)"
            + " INSERT INTO transferguard_anonymous (counter, party, day, source, n)"
            + " SELECT ?, ?, day, 'headroom:' || holder, sum(amount) FROM gone WHERE amount > 0 GROUP BY day, holder"
            + " ON CONFLICT (counter, party, day, source) DO UPDATE SET n = transferguard_anonymous.n + excluded.n";
    private static final String GRANT = "INSERT INTO transferguard_headroom"
            + " (counter, party, day, holder, from_day, amount, ceiling, expires)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?)) ON CONFLICT (counter, party, day, holder)"
            + " DO UPDATE SET from_day = excluded.from_day, amount = excluded.amount, spent = 0, ceiling = excluded.ceiling,"
            + " expires = excluded.expires, recalled = false";
    /** Idempotent: a write whose commit was answered by an error and which is written again spends it once. */
    private static final String RENEW = "UPDATE transferguard_headroom SET spent = greatest(spent, ?),"
            + " expires = now() + make_interval(secs => ?)"
            + " WHERE counter = ? AND party = ? AND day = ? AND holder = ? RETURNING recalled";
    private static final String GIVE_BACK = "DELETE FROM transferguard_headroom"
            + " WHERE counter = ? AND party = ? AND day = ? AND holder = ? RETURNING amount";
    private static final String ADD_IDS = "INSERT INTO transferguard_subjects (counter, party, day, pid)"
            + " SELECT ?, ?, ?, unnest(?::bytea[]) ON CONFLICT DO NOTHING";
    private static final String ADD_ANONYMOUS = "INSERT INTO transferguard_anonymous (counter, party, day, source, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (counter, party, day, source) DO ";
    private static final String SUM = "UPDATE SET n = transferguard_anonymous.n + excluded.n";
    private static final String ONCE = "NOTHING";

    /** What a decision recorded, written at settlement. */
    private record Pending(String counter, String party, int day, byte[][] pids, long anonymous, String source) {
    }

    /**
     * A key's committed count over a window and what bounds it.
     *
     * @param committed the distinct people committed in the window
     * @param current   the current transfer's people not among them
     * @param held      the headroom every instance holds on days of the window
     * @param ceiling   the lowest count that headroom held for the last day of the window must stay under, or
     *                  {@link Long#MAX_VALUE}
     * @param later     whether headroom is held for a later day whose window holds the last day
     * @param expired   whether headroom on the key expired and is not yet counted as used
     */
    public record Reading(long committed, long current, long held, long ceiling, boolean later, boolean expired) {
        /** {@return the count with every instance's headroom taken as used} */
        public long total() {
            return committed + current + held;
        }
    }

    private final Connection c;
    private final TreeSet<Long> locked = new TreeSet<>();
    private final List<Pending> pending = new ArrayList<>();
    private final java.util.concurrent.atomic.LongAdder roundTrips;
    private final java.util.concurrent.atomic.LongAdder late;
    /** When the transaction began, by {@link System#nanoTime}: before the database's {@code now()} of it. */
    private final long began;

    /**
     * Begins a transaction whose statements and lock waits each give up after {@code timeoutMillis}.
     *
     * @param c          a connection of its own, closed with this
     * @param roundTrips counts the round trips to the database
     * @param late       counts headroom counted as used because its holder did not give it back in time
     */
    public Counting(Connection c, int timeoutMillis, java.util.concurrent.atomic.LongAdder roundTrips,
            java.util.concurrent.atomic.LongAdder late) throws SQLException {
        this.late = late;
        this.began = System.nanoTime();
        this.c = c;
        this.roundTrips = roundTrips;
        c.setAutoCommit(false);
        c.setNetworkTimeout(Runnable::run, timeoutMillis + 1000);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = " + timeoutMillis + "; SET LOCAL lock_timeout = " + timeoutMillis);
        }
        roundTrips.increment();
    }

    /** {@return whether this transaction holds the lock of a counter key} */
    public boolean locked(String counter, String party) {
        return locked.contains(lockKey(counter, party));
    }

    /** {@return when the transaction began, a {@link System#nanoTime} value} */
    public long began() {
        return began;
    }

    /** The advisory lock key of a counter and counterparty: 64 bits of FNV-1a over both. */
    static long lockKey(String counter, String party) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (counter + '\u0000' + party).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Takes a counter key's lock for the rest of the transaction, once. */
    public void lock(String counter, String party) throws SQLException {
        long key = lockKey(counter, party);
        if (locked.add(key)) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + key + ")");
            }
            roundTrips.increment();
        }
    }

    /**
     * Locks a key, counts the headroom of instances that stopped renewing it as used, and reads the key's count
     * over a window with what bounds it. Lock first, read next: the read sees all the lock's last holder wrote.
     *
     * @param pids      the current transfer's distinct pseudonyms, or {@code null} when it is not counted
     * @param anonymous its subjects beyond them
     */
    public Reading read(String counter, String party, int fromDay, int toDay, byte[][] pids, long anonymous)
            throws SQLException {
        lock(counter, party);
        return reread(counter, party, fromDay, toDay, pids, anonymous);
    }

    /**
     * Reads again, under the lock already held (after headroom was recalled), first counting as used the headroom
     * that expired: only when some did, so that the common read is one round trip.
     */
    public Reading reread(String counter, String party, int fromDay, int toDay, byte[][] pids, long anonymous)
            throws SQLException {
        Reading r = readOnce(counter, party, fromDay, toDay, pids, anonymous);
        if (!r.expired()) {
            return r;
        }
        reclaim(counter, party);
        return readOnce(counter, party, fromDay, toDay, pids, anonymous);
    }

    private Reading readOnce(String counter, String party, int fromDay, int toDay, byte[][] pids, long anonymous)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(READ)) {
            int i = 1;
            for (int q = 0; q < 4; q++) {
                p.setString(i++, counter);
                p.setString(i++, party);
                p.setInt(i++, fromDay);
                p.setInt(i++, toDay);
                if (q == 2) {
                    p.setArray(i++, c.createArrayOf("bytea", pids == null ? new byte[0][] : pids));
                }
            }
            p.setString(i++, counter);
            p.setString(i++, party);
            p.setInt(i++, toDay);
            p.setString(i++, counter);
            p.setString(i++, party);
            p.setInt(i++, toDay);
            p.setInt(i++, toDay);
            p.setString(i++, counter);
            p.setString(i, party);
            roundTrips.increment();
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long committed = r.getLong(1) + r.getBigDecimal(2).longValueExact();
                long current = pids == null ? 0 : pids.length - r.getLong(3) + anonymous;
                long held = r.getBigDecimal(4).longValueExact();
                long ceiling = r.getObject(5) == null ? Long.MAX_VALUE : r.getLong(5);
                return new Reading(committed, current, held, ceiling, r.getLong(6) > 0, r.getLong(7) > 0);
            }
        }
    }

    /** Counts as used the headroom on a key that its holder stopped renewing. */
    public void reclaim(String counter, String party) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(RECLAIM)) {
            p.setString(1, counter);
            p.setString(2, party);
            p.setString(3, counter);
            p.setString(4, party);
            roundTrips.increment();
            late.add(p.executeUpdate());
        }
    }

    /**
     * Reserves headroom for {@code holder}, replacing what it held for the key and day; kept at commit.
     *
     * @param seconds how long the database holds it without a renewal
     */
    public void grant(Lease.Key key, String holder, int fromDay, long amount, long ceiling, double seconds)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(GRANT)) {
            p.setString(1, key.counter());
            p.setString(2, key.party());
            p.setInt(3, key.day());
            p.setString(4, holder);
            p.setInt(5, fromDay);
            p.setLong(6, amount);
            p.setLong(7, ceiling);
            p.setDouble(8, seconds);
            roundTrips.increment();
            p.executeUpdate();
        }
    }

    /** What became of a lease when this instance wrote to it. */
    public enum LeaseState {
        /** Still held. */
        HELD,
        /** Still held, and another instance asked for it back. */
        RECALLED,
        /** No longer in the database: given back now, or reclaimed by another instance after it expired. */
        GONE
    }

    /**
     * Writes what was used of a lease and raises what the database counts as spent of it to the same total, or,
     * with {@code giveBack}, deletes it. Without the key's lock: the committed count rises by at most what is spent, so no other decision's
     * bound moves up, and a decision that holds the lock while it waits for headroom to come back is not
     * blocked by it. What was used is written only while the lease is still there: a lease that expired was
     * counted in full when it was reclaimed.
     *
     * @param seconds for a renewal, how long the database holds the lease from now
     * @return what became of the lease; {@code giveBack} that finds it answers {@link LeaseState#GONE} too
     */
    public LeaseState settleLease(Lease.Key key, String holder, Lease.Batch used, boolean giveBack, double seconds)
            throws SQLException {
        boolean held;
        boolean recalled = false;
        try (PreparedStatement p = c.prepareStatement(giveBack ? GIVE_BACK : RENEW)) {
            int i = 1;
            if (!giveBack) {
                p.setLong(i++, used.spent());
                p.setDouble(i++, seconds);
            }
            p.setString(i++, key.counter());
            p.setString(i++, key.party());
            p.setInt(i++, key.day());
            p.setString(i, holder);
            roundTrips.increment();
            try (ResultSet r = p.executeQuery()) {
                held = r.next();
                if (held && !giveBack) {
                    recalled = r.getBoolean(1);
                }
            }
        }
        if (held && !used.isEmpty()) {
            record(key.counter(), key.party(), key.day(), used.pids().toArray(byte[][]::new), used.anonymous(),
                    null);
            write();
            pending.clear();
        }
        return !held || giveBack ? LeaseState.GONE : recalled ? LeaseState.RECALLED : LeaseState.HELD;
    }

    /** Commits without taking the keys' locks: for writes within headroom ({@link #settleLease}). */
    public void commitUnlocked() throws SQLException {
        pending.clear();
        roundTrips.increment();
        c.commit();
    }

    /**
     * The window's distinct subjects, plus those of {@code pids} not among them and {@code anonymous} more, with
     * every instance's headroom on the window's days taken as used.
     *
     * @param pids      the current transfer's distinct pseudonyms, or {@code null} when it is not counted
     * @param anonymous its subjects beyond them
     */
    public long count(String counter, String party, int fromDay, int toDay, byte[][] pids, long anonymous)
            throws SQLException {
        return read(counter, party, fromDay, toDay, pids, anonymous).total();
    }

    /**
     * Records subjects sent on a day, written at {@link #settle}.
     *
     * @param source for the subjects without ids: {@code null} to add them to the day's, or a name that counts
     *               them once however often it is recorded (an import)
     */
    public void record(String counter, String party, int day, byte[][] pids, long anonymous, String source) {
        pending.add(new Pending(counter, party, day, pids, anonymous, source));
    }

    /** Whether anything was recorded since the transaction began. */
    public boolean recorded() {
        return !pending.isEmpty();
    }

    /** Writes what was recorded, under the locks of its keys, and commits. */
    public void settle() throws SQLException {
        if (!pending.isEmpty()) {
            TreeSet<Long> missing = new TreeSet<>();
            for (Pending r : pending) {
                long key = lockKey(r.counter, r.party);
                if (!locked.contains(key)) {
                    missing.add(key);
                }
            }
            for (long key : missing) {
                // In key order, so that two settlements never wait for each other's locks.
                locked.add(key);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + key + ")");
                }
                roundTrips.increment();
            }
            write();
        }
        roundTrips.increment();
        c.commit();
    }

    private void write() throws SQLException {
        try (PreparedStatement ids = c.prepareStatement(ADD_IDS);
                PreparedStatement sum = c.prepareStatement(ADD_ANONYMOUS + SUM);
                PreparedStatement once = c.prepareStatement(ADD_ANONYMOUS + ONCE)) {
            boolean anyIds = false;
            boolean anySum = false;
            boolean anyOnce = false;
            for (Pending r : pending) {
                if (r.pids.length > 0) {
                    ids.setString(1, r.counter);
                    ids.setString(2, r.party);
                    ids.setInt(3, r.day);
                    ids.setArray(4, c.createArrayOf("bytea", r.pids));
                    ids.addBatch();
                    anyIds = true;
                }
                if (r.anonymous > 0) {
                    PreparedStatement p = r.source == null ? sum : once;
                    p.setString(1, r.counter);
                    p.setString(2, r.party);
                    p.setInt(3, r.day);
                    p.setString(4, r.source == null ? "" : r.source);
                    p.setLong(5, r.anonymous);
                    p.addBatch();
                    anySum |= r.source == null;
                    anyOnce |= r.source != null;
                }
            }
            if (anyIds) {
                roundTrips.increment();
                ids.executeBatch();
            }
            if (anySum) {
                roundTrips.increment();
                sum.executeBatch();
            }
            if (anyOnce) {
                roundTrips.increment();
                once.executeBatch();
            }
        }
    }

    /** Undoes what was recorded and releases the locks. */
    public void rollback() throws SQLException {
        pending.clear();
        roundTrips.increment();
        c.rollback();
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
