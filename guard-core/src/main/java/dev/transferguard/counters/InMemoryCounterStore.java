package dev.transferguard.counters;

import dev.transferguard.Subjects;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The volume counters of one process, in memory: the default {@link CounterStore}. A guard rebuilds it from
 * its audit log and history when it starts and when its policies are reloaded.
 *
 * <p>Subjects with ids count once however often they are sent; subjects without ids count as new people each
 * time, so that a count is never too low.
 */
public final class InMemoryCounterStore implements CounterStore {

    /**
     * Each counter's tallies by counterparty ({@code null} for a counter kept over all). Looked up in two steps
     * rather than by one key joined from both, so that a read builds no string: the names are the program's
     * and the transfer's own, their hashes cached.
     */
    private final Map<String, Map<String, Tally>> tallies = new HashMap<>();

    /** An empty store. */
    public InMemoryCounterStore() {
    }

    @Override
    public synchronized long count(String counter, String counterparty, long startDay, long endDay,
            Subjects current) {
        Map<String, Tally> parties = tallies.get(counter);
        Tally t = parties == null ? null : parties.get(counterparty);
        long total = t == null ? 0 : plus(t.anonymous(startDay, endDay), t.distinctIds(startDay, endDay));
        if (current != null) {
            Collection<String> ids = distinct(current.ids());
            for (String id : ids) {
                if (t == null || !t.seenBetween(id, startDay, endDay)) {
                    total++;
                }
            }
            total = plus(total, current.count() - ids.size());
        }
        return total;
    }

    @Override
    public synchronized void record(String counter, String counterparty, long day, Subjects subjects) {
        Tally t = tallies.computeIfAbsent(counter, k -> new HashMap<>()).computeIfAbsent(counterparty,
                k -> new Tally());
        Collection<String> ids = distinct(subjects.ids());
        long anonymous = subjects.count() - ids.size();
        if (anonymous > 0) {
            t.recordAnonymous(day, anonymous);
        }
        t.recordIds(day, ids);
    }

    /** How many ids windows ending before their key's last day have looked at, over every key. */
    synchronized long examined() {
        long total = 0;
        for (Map<String, Tally> parties : tallies.values()) {
            for (Tally t : parties.values()) {
                total += t.examined();
            }
        }
        return total;
    }

    @Override
    public synchronized void forget(String counter, long beforeDay) {
        Map<String, Tally> parties = tallies.get(counter);
        if (parties == null) {
            return;
        }
        Iterator<Tally> it = parties.values().iterator();
        while (it.hasNext()) {
            Tally t = it.next();
            t.forgetBefore(beforeDay);
            if (t.isEmpty()) {
                it.remove();
            }
        }
        if (parties.isEmpty()) {
            tallies.remove(counter);
        }
    }

    /** {@inheritDoc} Always: this store lives in this process alone. */
    @Override
    public boolean rebuiltFromAudit() {
        return true;
    }

    /**
     * Adds two counts, staying at {@link Long#MAX_VALUE} rather than wrapping negative: a count that wrapped
     * would read as far below every threshold.
     */
    static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The ids once each; most transfers name a few ids, all different, and then the list itself will do. */
    private static Collection<String> distinct(List<String> ids) {
        int n = ids.size();
        if (n <= 1) {
            return ids;
        }
        if (n <= 8) {
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (ids.get(i).equals(ids.get(j))) {
                        return new LinkedHashSet<>(ids);
                    }
                }
            }
            return ids;
        }
        return new LinkedHashSet<>(ids);
    }
}
