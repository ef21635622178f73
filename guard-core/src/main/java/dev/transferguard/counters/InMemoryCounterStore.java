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

    private final Map<String, Tally> tallies = new HashMap<>();

    /** An empty store. */
    public InMemoryCounterStore() {
    }

    private static String key(String counter, String party) {
        return party == null ? counter : counter + '\u0000' + party;
    }

    @Override
    public synchronized long count(String counter, String counterparty, long startDay, long endDay,
            Subjects current) {
        Tally t = tallies.get(key(counter, counterparty));
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
        Tally t = tallies.computeIfAbsent(key(counter, counterparty), k -> new Tally());
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
        for (Tally t : tallies.values()) {
            total += t.examined();
        }
        return total;
    }

    @Override
    public synchronized void forget(String counter, long beforeDay) {
        String partyPrefix = counter + '\u0000';
        Iterator<Map.Entry<String, Tally>> it = tallies.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Tally> e = it.next();
            if (e.getKey().equals(counter) || e.getKey().startsWith(partyPrefix)) {
                e.getValue().forgetBefore(beforeDay);
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
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
