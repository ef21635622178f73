package dev.transferguard.counters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One counter's history for one key: anonymous subjects per day, and for each id the days it was sent on.
 *
 * <p>The distinct ids of a window are counted from indexes, so that a transfer dated before days already
 * counted costs about what one in date order costs: a window that ends on or after the last day counted reads
 * only how many ids were last seen on each of its days; any other window reads the ids of its own days or
 * those of the days after it, whichever are fewer, never every id ever counted.
 */
final class Tally {

    private final NavigableMap<Long, Long> anonymousByDay = new TreeMap<>();
    private final Map<String, long[]> idDays = new java.util.HashMap<>();
    /** How many ids were last seen on each day. */
    private final NavigableMap<Long, Integer> idsByLatestDay = new TreeMap<>();
    /** The ids sent on each day, each once a day. */
    private final NavigableMap<Long, List<String>> idsByDay = new TreeMap<>();
    private long maxDay = Long.MIN_VALUE;
    /** How many ids the windows that end before the last day have looked at, so that tests can bound the work. */
    private long examined;

    /** Anonymous subjects sent between two days, both included. */
    long anonymous(long start, long end) {
        long total = 0;
        for (long n : anonymousByDay.subMap(start, true, end, true).values()) {
            total = InMemoryCounterStore.plus(total, n);
        }
        return total;
    }

    /** Distinct ids sent between two days, both included. */
    long distinctIds(long start, long end) {
        if (start > end) {
            return 0;
        }
        if (end >= maxDay) {
            return sumInts(idsByLatestDay.subMap(start, true, end, true));
        }
        NavigableMap<Long, List<String>> within = idsByDay.subMap(start, true, end, true);
        NavigableMap<Long, List<String>> after = idsByDay.subMap(end, false, maxDay, true);
        if (occurrences(within) <= occurrences(after)) {
            Set<String> seen = new HashSet<>();
            for (List<String> ids : within.values()) {
                seen.addAll(ids);
                examined += ids.size();
            }
            return seen.size();
        }
        // Every id last seen from the start on, less those whose days from the start on all lie after the end.
        long total = sumInts(idsByLatestDay.tailMap(start, true));
        for (Map.Entry<Long, List<String>> day : after.entrySet()) {
            examined += day.getValue().size();
            for (String id : day.getValue()) {
                long[] days = idDays.get(id);
                int first = firstAtOrAfter(days, end + 1);
                // Look at each id once: on the first day after the end that it was sent.
                if (days[first] == day.getKey() && (first == 0 || days[first - 1] < start)) {
                    total--;
                }
            }
        }
        return total;
    }

    long examined() {
        return examined;
    }

    boolean seenBetween(String id, long start, long end) {
        long[] days = idDays.get(id);
        if (days == null) {
            return false;
        }
        int i = firstAtOrAfter(days, start);
        return i < days.length && days[i] <= end;
    }

    void recordAnonymous(long day, long count) {
        maxDay = Math.max(maxDay, day);
        anonymousByDay.merge(day, count, InMemoryCounterStore::plus);
    }

    void recordIds(long day, Collection<String> ids) {
        maxDay = Math.max(maxDay, day);
        for (String id : ids) {
            long[] days = idDays.get(id);
            if (days == null) {
                idDays.put(id, new long[] {day});
                idsByLatestDay.merge(day, 1, Integer::sum);
                idsByDay.computeIfAbsent(day, d -> new ArrayList<>(4)).add(id);
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
            idDays.put(id, grown);
            idsByDay.computeIfAbsent(day, d -> new ArrayList<>(4)).add(id);
            if (day > oldLatest) {
                idsByLatestDay.merge(oldLatest, -1, (a, b) -> a + b == 0 ? null : a + b);
                idsByLatestDay.merge(day, 1, Integer::sum);
            }
        }
    }

    void forgetBefore(long day) {
        anonymousByDay.headMap(day, false).clear();
        idsByLatestDay.headMap(day, false).clear();
        idsByDay.headMap(day, false).clear();
        Iterator<Map.Entry<String, long[]>> it = idDays.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, long[]> e = it.next();
            long[] days = e.getValue();
            int keep = firstAtOrAfter(days, day);
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

    private static int firstAtOrAfter(long[] days, long day) {
        int at = Arrays.binarySearch(days, day);
        return at >= 0 ? at : -at - 1;
    }

    private static long sumInts(Map<Long, Integer> counts) {
        long total = 0;
        for (int n : counts.values()) {
            total += n;
        }
        return total;
    }

    private static long occurrences(Map<Long, List<String>> byDay) {
        long total = 0;
        for (List<String> ids : byDay.values()) {
            total += ids.size();
        }
        return total;
    }
}
