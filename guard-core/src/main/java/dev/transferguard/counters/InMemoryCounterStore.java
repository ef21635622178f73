package dev.transferguard.counters;

import dev.transferguard.Subjects;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The volume counters of one process, in memory: the default {@link CounterStore}. A guard rebuilds it from
 * its audit log and history when it starts and when its policies are reloaded.
 *
 * <p>Subjects with ids count once however often they are sent; subjects without ids count as new people each
 * time, so that a count is never too low.
 */
public final class InMemoryCounterStore implements CounterStore {

    private final Map<String, Tally> tallies = new HashMap<>();

    /** One counter's history for one key. */
    private static final class Tally {
        final NavigableMap<Long, Long> anonymousByDay = new TreeMap<>();
        final Map<String, long[]> idDays = new HashMap<>();
        /** How many ids were last seen on each day. */
        final NavigableMap<Long, Integer> idsByLatestDay = new TreeMap<>();
        long maxDay = Long.MIN_VALUE;

        boolean seenBetween(String id, long start, long end) {
            long[] days = idDays.get(id);
            if (days == null) {
                return false;
            }
            int at = Arrays.binarySearch(days, start);
            int insertion = at >= 0 ? at : -at - 1;
            return insertion < days.length && days[insertion] <= end;
        }

        void forgetBefore(long day) {
            anonymousByDay.headMap(day, false).clear();
            idsByLatestDay.headMap(day, false).clear();
            Iterator<Map.Entry<String, long[]>> it = idDays.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, long[]> e = it.next();
                long[] days = e.getValue();
                int at = Arrays.binarySearch(days, day);
                int keep = at >= 0 ? at : -at - 1;
                if (keep == days.length) {
                    // Last seen before the day: its count in idsByLatestDay went with the head cleared above.
                    it.remove();
                } else if (keep > 0) {
                    e.setValue(Arrays.copyOfRange(days, keep, days.length));
                }
            }
        }

        boolean isEmpty() {
            return anonymousByDay.isEmpty() && idDays.isEmpty();
        }
    }

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
        long total = 0;
        if (t != null) {
            for (long n : t.anonymousByDay.subMap(startDay, true, endDay, true).values()) {
                total = plus(total, n);
            }
            if (endDay >= t.maxDay) {
                for (int n : t.idsByLatestDay.subMap(startDay, true, endDay, true).values()) {
                    total += n;
                }
            } else {
                for (String id : t.idDays.keySet()) {
                    if (t.seenBetween(id, startDay, endDay)) {
                        total++;
                    }
                }
            }
        }
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
        t.maxDay = Math.max(t.maxDay, day);
        Collection<String> ids = distinct(subjects.ids());
        long anonymous = subjects.count() - ids.size();
        if (anonymous > 0) {
            t.anonymousByDay.merge(day, anonymous, InMemoryCounterStore::plus);
        }
        for (String id : ids) {
            long[] days = t.idDays.get(id);
            if (days == null) {
                t.idDays.put(id, new long[] {day});
                t.idsByLatestDay.merge(day, 1, Integer::sum);
                continue;
            }
            int at = Arrays.binarySearch(days, day);
            if (at >= 0) {
                continue;
            }
            long oldLatest = days[days.length - 1];
            int insertion = -at - 1;
            long[] grown = new long[days.length + 1];
            System.arraycopy(days, 0, grown, 0, insertion);
            grown[insertion] = day;
            System.arraycopy(days, insertion, grown, insertion + 1, days.length - insertion);
            t.idDays.put(id, grown);
            if (day > oldLatest) {
                t.idsByLatestDay.merge(oldLatest, -1, (a, b) -> a + b == 0 ? null : a + b);
                t.idsByLatestDay.merge(day, 1, Integer::sum);
            }
        }
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
