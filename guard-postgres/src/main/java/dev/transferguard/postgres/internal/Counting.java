package dev.transferguard.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
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

    private static final String COUNT = "SELECT"
            + " (SELECT count(DISTINCT pid) FROM transferguard_subjects"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?),"
            + " (SELECT coalesce(sum(n), 0) FROM transferguard_anonymous"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ?),"
            + " (SELECT count(DISTINCT pid) FROM transferguard_subjects"
            + "   WHERE counter = ? AND party = ? AND day BETWEEN ? AND ? AND pid = ANY (?))";
    private static final String ADD_IDS = "INSERT INTO transferguard_subjects (counter, party, day, pid)"
            + " SELECT ?, ?, ?, unnest(?::bytea[]) ON CONFLICT DO NOTHING";
    private static final String ADD_ANONYMOUS = "INSERT INTO transferguard_anonymous (counter, party, day, source, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (counter, party, day, source) DO ";
    private static final String SUM = "UPDATE SET n = transferguard_anonymous.n + excluded.n";
    private static final String ONCE = "NOTHING";

    /** What a decision recorded, written at settlement. */
    private record Pending(String counter, String party, int day, byte[][] pids, long anonymous, String source) {
    }

    private final Connection c;
    private final TreeSet<Long> locked = new TreeSet<>();
    private final List<Pending> pending = new ArrayList<>();

    /**
     * Begins a transaction whose statements and lock waits each give up after {@code timeoutMillis}.
     *
     * @param c a connection of its own, closed with this
     */
    public Counting(Connection c, int timeoutMillis) throws SQLException {
        this.c = c;
        c.setAutoCommit(false);
        c.setNetworkTimeout(Runnable::run, timeoutMillis + 1000);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL statement_timeout = " + timeoutMillis + "; SET LOCAL lock_timeout = " + timeoutMillis);
        }
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

    private void lock(String counter, String party) throws SQLException {
        long key = lockKey(counter, party);
        if (locked.add(key)) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + key + ")");
            }
        }
    }

    /**
     * The window's distinct subjects, plus those of {@code pids} not among them and {@code anonymous} more.
     *
     * @param pids      the current transfer's distinct pseudonyms, or {@code null} when it is not counted
     * @param anonymous its subjects beyond them
     */
    public long count(String counter, String party, int fromDay, int toDay, byte[][] pids, long anonymous)
            throws SQLException {
        lock(counter, party);
        try (PreparedStatement p = c.prepareStatement(COUNT)) {
            int i = 1;
            for (int q = 0; q < 3; q++) {
                p.setString(i++, counter);
                p.setString(i++, party);
                p.setInt(i++, fromDay);
                p.setInt(i++, toDay);
            }
            Array ids = c.createArrayOf("bytea", pids == null ? new byte[0][] : pids);
            p.setArray(i, ids);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                // Far from overflow: a transfer names at most 10^10 people, and sums are read as numeric.
                long total = r.getLong(1) + r.getBigDecimal(2).longValueExact();
                if (pids != null) {
                    total += pids.length - r.getLong(3) + anonymous;
                }
                return total;
            } finally {
                ids.free();
            }
        }
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
            }
            write();
        }
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
                ids.executeBatch();
            }
            if (anySum) {
                sum.executeBatch();
            }
            if (anyOnce) {
                once.executeBatch();
            }
        }
    }

    /** Undoes what was recorded and releases the locks. */
    public void rollback() throws SQLException {
        pending.clear();
        c.rollback();
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
