package dev.transferguard.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headroom one store holds, and the rules by which it is granted, used, recalled and given back.
 *
 * <p>A decision that reads a key in the database ({@link #decide}) may be granted headroom on it for later
 * decisions: only when no step of the policies lies between the committed count and that count plus every
 * instance's headroom plus the grant, and then a quarter of the room left below the next step, so that grants
 * shrink as a count nears a step. A decision within headroom ({@link #take}) makes no round trip. A decision that
 * must read the database while other instances hold headroom that could put its count on the other side of a step
 * (or whose own transfer would push the count past the bound another instance's headroom relies on) asks them for
 * it back ({@link #recall}: a row flag and a notification) and waits, under its lock, until they have given it
 * back or it has expired; headroom whose holder stopped renewing it (a crash) is counted in full, as used.
 *
 * <p>A thread of the store writes what was used in batches, renews headroom in use, gives back idle or recalled
 * headroom, and listens for recalls; it runs on a connection of its own while the store holds headroom.
 */
public final class Headroom implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Headroom.class);
    private static final String CHANNEL = "transferguard_headroom";
    /** How much of the room below the next step one grant takes. */
    private static final int SHARE = 4;
    /** Pseudonyms kept in memory before they are written early. */
    private static final int BATCH = 1024;

    /** Where connections come from. */
    @FunctionalInterface
    public interface Connections {
        /** {@return a connection, closed by the caller} */
        Connection get() throws SQLException;
    }

    private final ConcurrentHashMap<Lease.Key, Lease> leases = new ConcurrentHashMap<>();
    /**
     * Held by a decision from its first reading in the database until its changes took effect, so that a decision
     * never misses a lease granted by another decision of this store that committed a moment before. Never by the
     * keeper: a decision holding it may wait for other instances, whose decisions may wait for this keeper.
     */
    private final java.util.concurrent.locks.ReentrantLock exact = new java.util.concurrent.locks.ReentrantLock();
    private final Set<String> recalls = ConcurrentHashMap.newKeySet();
    private final String holder;
    private final long most;
    private final long leaseNanos;
    private final int timeoutMillis;
    private final Connections connections;
    private final LongAdder roundTrips;
    private final LongAdder late = new LongAdder();
    private Thread keeper;
    private volatile boolean closed;
    /** Until when the keeper of a closed store tries to give back what it holds; set before {@link #closed}. */
    private volatile long givingBackUntil;

    /**
     * @param holder      this store's name among the instances
     * @param most        the most people one grant may reserve; 0 for none, so that every decision asks the database
     * @param leaseMillis how long the database holds headroom without a renewal
     */
    public Headroom(String holder, long most, long leaseMillis, int timeoutMillis, Connections connections,
            LongAdder roundTrips) {
        this.holder = holder;
        this.most = most;
        this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        this.timeoutMillis = timeoutMillis;
        this.connections = connections;
        this.roundTrips = roundTrips;
    }

    /** {@return how many times headroom was counted as used because its holder did not give it back in time} */
    public LongAdder late() {
        return late;
    }

    /** {@return this store's name among the instances} */
    public String holder() {
        return holder;
    }

    /**
     * Answers a count from headroom held on the key, if it covers the transfer: no round trip.
     *
     * @return the use, whose {@link Lease.Use#answer() answer} is the count, or {@code null} to ask the database
     */
    public Lease.Use take(String counter, String party, int fromDay, int day, long[] steps, byte[][] pids,
            long anonymous) {
        Lease l = leases.get(new Lease.Key(counter, party, day));
        if (l == null || !l.fits(fromDay, steps)) {
            return null;
        }
        return l.take(pids, anonymous);
    }

    /**
     * Takes headroom for a transfer that a counter counts without comparing it in this decision.
     *
     * @return the use, or {@code null} to write it in the database
     */
    public Lease.Use takeToRecord(String counter, String party, int day, byte[][] pids, long anonymous) {
        Lease l = leases.get(new Lease.Key(counter, party, day));
        return l == null ? null : l.take(pids, anonymous);
    }

    /**
     * Reads a key in the database for a decision, under its lock: gives back this store's own headroom on it
     * first (in the same transaction), asks other instances for theirs when it could change the answer or when
     * this transfer would break the bound theirs relies on, and grants headroom for later decisions where there
     * is room.
     *
     * @param steps    the policies' steps, or {@code null} for a plain reading (no grant, no exactness sought)
     * @param counting whether the transfer will be recorded on this key if allowed
     * @param changes  where the decision's grants and give-backs are noted, to take effect when it commits
     * @return the count, every instance's remaining headroom taken as used
     * @throws SQLException        if the database fails
     * @throws HeadroomNotReturned if headroom that the transfer's count would break was not given back in time
     */
    public long decide(Counting t, Lease.Key key, int fromDay, long[] steps, byte[][] pids, long anonymous,
            boolean counting, Changes changes) throws SQLException, HeadroomNotReturned {
        takeKey(t, key, changes);
        Counting.Reading r = t.read(key.counter(), key.party(), fromDay, key.day(), pids, anonymous);
        r = settleOthers(t, key, fromDay, pids, anonymous, r, rr -> counting && (rr.later() || rr.total() >= rr.ceiling()),
                rr -> steps != null && rr.held() > 0
                        && stepBetween(steps, rr.committed() + rr.current(), rr.total()));
        if (steps != null && most > 0 && !closed && !r.later()) {
            grant(t, key, fromDay, steps, r, changes);
        }
        return r.total();
    }

    /**
     * Makes way, under the key's lock, for recording a transfer that the decision did not count on this key: while
     * any instance holds headroom for the day (whose bound the transfer could break), it is recalled first.
     *
     * @throws HeadroomNotReturned if it was not given back in time
     */
    public void beforeRecord(Counting t, Lease.Key key, Changes changes) throws SQLException, HeadroomNotReturned {
        takeKey(t, key, changes);
        Counting.Reading r = t.read(key.counter(), key.party(), key.day(), key.day(), null, 0);
        settleOthers(t, key, key.day(), null, 0, r, rr -> rr.held() > 0 || rr.later(), rr -> false);
    }

    /** This store's turn in the database, the key's lock, and this store's own headroom on it given back. */
    private void takeKey(Counting t, Lease.Key key, Changes changes) throws SQLException, HeadroomNotReturned {
        enter(changes);
        t.lock(key.counter(), key.party());
        giveBackOwn(t, key, changes);
    }

    private void enter(Changes changes) throws HeadroomNotReturned {
        if (changes.entered) {
            return;
        }
        try {
            if (!exact.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new HeadroomNotReturned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomNotReturned();
        }
        changes.entered = true;
    }

    private void giveBackOwn(Counting t, Lease.Key key, Changes changes) throws SQLException, HeadroomNotReturned {
        Lease own = leases.remove(key);
        if (own == null) {
            return;
        }
        own.close();
        long deadline = t.began() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean writing = false;
        try {
            writing = own.awaitQuiet(deadline)
                    && own.writer.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writing) {
            leases.putIfAbsent(key, own);
            throw new HeadroomNotReturned();
        }
        try {
            Lease.Batch used = own.drain();
            changes.returned.add(new Returned(own, used));
            // Under the key's lock, taken first: row locks taken before it could deadlock with a decision holding it.
            t.settleLease(key, holder, used, true, 0);
        } finally {
            own.writer.unlock();
        }
    }

    /**
     * Waits, asking once, until no other instance's headroom makes the reading break its bound or leaves the
     * answer unsure. Past the timeout an unsure answer is given with their headroom taken as used (too high at
     * worst, never too low); a broken bound is an error.
     */
    private Counting.Reading settleOthers(Counting t, Lease.Key key, int fromDay, byte[][] pids, long anonymous,
            Counting.Reading first, java.util.function.Predicate<Counting.Reading> breaks,
            java.util.function.Predicate<Counting.Reading> unsure) throws SQLException, HeadroomNotReturned {
        Counting.Reading r = first;
        long deadline = t.began() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean asked = false;
        long pause = 1;
        while (breaks.test(r) || unsure.test(r)) {
            if (System.nanoTime() - deadline >= 0) {
                late.increment();
                if (breaks.test(r)) {
                    throw new HeadroomNotReturned();
                }
                return r;
            }
            if (!asked) {
                recall(key);
                asked = true;
            }
            sleepMillis(pause);
            pause = Math.min(20, pause * 2);
            r = t.reread(key.counter(), key.party(), fromDay, key.day(), pids, anonymous);
        }
        return r;
    }

    private void grant(Counting t, Lease.Key key, int fromDay, long[] steps, Counting.Reading r, Changes changes)
            throws SQLException {
        long ceiling = Math.min(r.ceiling(), firstStepAbove(steps, r.committed()));
        long room = ceiling == Long.MAX_VALUE ? most : (ceiling - 1 - r.total()) / SHARE;
        long amount = Math.min(most, room);
        if (amount < 1) {
            return;
        }
        t.grant(key, holder, fromDay, amount, ceiling, leaseNanos / 1e9);
        changes.granted.add(new Lease(key, fromDay, steps, ceiling, r.total(), amount,
                t.began() + leaseNanos / 10 * 9));
    }

    /**
     * Makes a decision's changes take effect once its transaction ended: granted headroom becomes usable and
     * headroom given back is gone if it committed; if it did not, nothing was granted and what was given back is
     * still held, so the keeper gives it back.
     */
    public void settled(Changes changes, boolean committed) {
        if (committed) {
            for (Returned r : changes.returned) {
                r.lease().markDead();
            }
            for (Lease l : changes.granted) {
                leases.put(l.key(), l);
            }
        } else {
            for (Returned r : changes.returned) {
                r.lease().restore(r.used());
                leases.putIfAbsent(r.lease().key(), r.lease());
            }
        }
        if (!leases.isEmpty()) {
            startKeeper();
        }
        changes.returned.clear();
        changes.granted.clear();
        if (changes.entered) {
            changes.entered = false;
            exact.unlock();
        }
    }

    /** Asks every other instance holding headroom on the key for it back. */
    private void recall(Lease.Key key) throws SQLException {
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            try (PreparedStatement p = c.prepareStatement("UPDATE transferguard_headroom SET recalled = true"
                    + " WHERE counter = ? AND party = ? AND holder <> ? AND NOT recalled"
                    + " AND expires >= clock_timestamp()")) {
                p.setString(1, key.counter());
                p.setString(2, key.party());
                p.setString(3, holder);
                p.setQueryTimeout(Math.max(1, timeoutMillis / 1000));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
                p.setString(1, key.counter() + '\n' + key.party());
                p.execute();
            }
            roundTrips.add(2);
        }
    }

    static boolean stepBetween(long[] steps, long low, long high) {
        long s = firstStepAbove(steps, low);
        return s <= high;
    }

    static long firstStepAbove(long[] steps, long count) {
        for (long s : steps) {
            if (s > count) {
                return s;
            }
        }
        return Long.MAX_VALUE;
    }

    private synchronized void startKeeper() {
        if (keeper == null && !closed) {
            keeper = new Thread(this::keep, "transferguard-headroom");
            keeper.setDaemon(true);
            keeper.start();
        }
    }

    /** The keeper: listens for recalls, writes what was used, renews and gives back. */
    private void keep() {
        long intervalMillis = Math.max(5, TimeUnit.NANOSECONDS.toMillis(leaseNanos) / 8);
        Connection c = null;
        while (!closed || !leases.isEmpty()) {
            if (closed && System.nanoTime() - givingBackUntil >= 0) {
                LOG.warn("the counter store was closed holding headroom it could not give back; it counts in full"
                        + " as used once its lease runs out");
                break;
            }
            try {
                if (c == null) {
                    c = connections.get();
                    c.setAutoCommit(true);
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + CHANNEL);
                    }
                }
                PGNotification[] heard = closed ? null
                        : c.unwrap(PGConnection.class).getNotifications((int) intervalMillis);
                if (heard != null) {
                    for (PGNotification n : heard) {
                        recalls.add(n.getParameter());
                    }
                }
                round(c);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("the counter store could not keep its headroom; it retries: {}",
                        e instanceof SQLException q ? JdbcUrls.reason(q, timeoutMillis) : e.toString());
                quietly(c);
                c = null;
                // Closing, too, tries again: headroom not given back counts in full as used (too many) until
                // the window has passed.
                sleepMillis(intervalMillis);
            }
        }
        quietly(c);
    }

    private void round(Connection c) throws SQLException {
        long now = System.nanoTime();
        List<Lease> all = new ArrayList<>(leases.values());
        for (Lease l : all) {
            if (!l.writer.tryLock()) {
                // A decision is giving it back.
                continue;
            }
            try {
                // A lease a decision took out of the map is the decision's to write, never the keeper's.
                if (leases.get(l.key()) == l) {
                    keep(c, l, now);
                }
            } finally {
                l.writer.unlock();
            }
        }
        recalls.clear();
    }

    private void keep(Connection c, Lease l, long now) throws SQLException {
        boolean recalled = recalls.contains(l.key().counter() + '\n' + l.key().party());
        // Renewed with more than half the lease to go, so that a keeper held up for a while still renews in time.
        boolean due = l.deadline() - now < leaseNanos / 8 * 5;
        boolean idle = now - l.lastUse() > leaseNanos / 4;
        if (closed || recalled || l.closing() || now - l.deadline() >= 0 || (due && idle)) {
            giveBack(c, l);
        } else if (due || l.pending() >= BATCH) {
            renew(c, l);
        }
    }

    private void giveBack(Connection c, Lease l) throws SQLException {
        l.close();
        if (!l.awaitQuiet(System.nanoTime())) {
            // A decision still holds part of it and may need this store's lock to finish: given back next round.
            return;
        }
        write(c, l, true);
    }

    private void renew(Connection c, Lease l) throws SQLException {
        if (write(c, l, false) == Counting.LeaseState.RECALLED) {
            giveBack(c, l);
        }
    }

    private Counting.LeaseState write(Connection c, Lease l, boolean giveBack) throws SQLException {
        // The transaction begins before anything is drained: a connection that breaks as it begins (a server
        // stopping) must leave the used pseudonyms in the lease, to be written with the next batch.
        Counting t = new Counting(c, timeoutMillis, roundTrips, late);
        Lease.Batch used = l.drain();
        try {
            Counting.LeaseState state = t.settleLease(l.key(), holder, used, giveBack, leaseNanos / 1e9);
            t.commitUnlocked();
            if (state == Counting.LeaseState.GONE) {
                leases.remove(l.key(), l);
                l.markDead();
            } else {
                l.renewed(t.began() + leaseNanos / 10 * 9);
            }
            return state;
        } catch (SQLException | RuntimeException e) {
            l.restore(used);
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // The connection is broken; the caller replaces it.
            }
            throw e;
        }
    }

    /** Gives back every lease and stops the keeper. */
    @Override
    public void close() {
        Thread k;
        long waitNanos = leaseNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) * 2L;
        synchronized (this) {
            // The keeper's last attempt starts a timeout before the wait ends, so that it can finish within it.
            givingBackUntil = System.nanoTime() + waitNanos - TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            closed = true;
            k = keeper;
        }
        if (k != null) {
            try {
                k.join(TimeUnit.NANOSECONDS.toMillis(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Broken already.
            }
        }
    }

    /** Headroom a decision gave back in its transaction, with what had been used of it. */
    record Returned(Lease lease, Lease.Batch used) {
    }

    /** What one decision's transaction grants and gives back, to take effect when it ends. */
    public static final class Changes {
        final List<Returned> returned = new ArrayList<>(1);
        final List<Lease> granted = new ArrayList<>(1);
        boolean entered;
    }

    /** Headroom another instance holds was not given back within the timeout. */
    public static final class HeadroomNotReturned extends Exception {
        private static final long serialVersionUID = 1L;

        HeadroomNotReturned() {
            super("another instance holds headroom on the counter and did not give it back in time");
        }
    }
}
