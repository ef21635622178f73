package dev.transferguard.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transferguard.Subjects;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The store counts what a plain list of every transfer would count, in whatever order of dates the transfers
 * come: later days first, earlier ones, the same day twice, windows that end before the last day counted, and
 * after forgetting the days before some day.
 */
class InMemoryCounterStorePropertyTest {

    /** One transfer recorded, or one window asked about. */
    record Step(boolean record, long day, long otherDay, List<String> ids, long anonymous) {
    }

    /** Who was sent when, as the obvious model keeps it. */
    record Sent(long day, String id) {
    }

    @Property(tries = 400)
    void countsWhatTheModelCounts(@ForAll("steps") List<Step> steps, @ForAll("forgetAt") long forgetAt) {
        InMemoryCounterStore store = new InMemoryCounterStore();
        List<Sent> sent = new ArrayList<>();
        List<long[]> anonymous = new ArrayList<>();
        boolean forgotten = false;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!forgotten && i == steps.size() / 2 && forgetAt >= 0) {
                store.forget("c", forgetAt);
                sent.removeIf(x -> x.day < forgetAt);
                anonymous.removeIf(a -> a[0] < forgetAt);
                forgotten = true;
            }
            if (s.record()) {
                Subjects subjects = new Subjects(List.of(), List.of(), s.ids().size() + s.anonymous(), s.ids());
                store.record("c", null, s.day(), subjects);
                for (String id : s.ids()) {
                    sent.add(new Sent(s.day(), id));
                }
                anonymous.add(new long[] {s.day(), s.anonymous()});
            } else {
                long start = Math.min(s.day(), s.otherDay());
                long end = Math.max(s.day(), s.otherDay());
                Subjects current = new Subjects(List.of(), List.of(), s.ids().size() + s.anonymous(), s.ids());
                assertEquals(model(sent, anonymous, start, end, current),
                        store.count("c", null, start, end, current), "window " + start + ".." + end);
                assertEquals(model(sent, anonymous, start, end, null), store.count("c", null, start, end, null));
            }
        }
    }

    private static long model(List<Sent> sent, List<long[]> anonymous, long start, long end, Subjects current) {
        Set<String> ids = new HashSet<>();
        for (Sent x : sent) {
            if (x.day >= start && x.day <= end) {
                ids.add(x.id);
            }
        }
        long total = ids.size();
        for (long[] a : anonymous) {
            if (a[0] >= start && a[0] <= end) {
                total += a[1];
            }
        }
        if (current != null) {
            Set<String> mine = new HashSet<>(current.ids());
            mine.removeAll(ids);
            total += mine.size() + (current.count() - new HashSet<>(current.ids()).size());
        }
        return total;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> days = Arbitraries.longs().between(0, 40);
        Arbitrary<List<String>> ids = Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h").set().ofMaxSize(4)
                .map(List::copyOf);
        return Combinators.combine(Arbitraries.of(true, true, false), days, days, ids,
                Arbitraries.longs().between(0, 3)).as(Step::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Long> forgetAt() {
        return Arbitraries.longs().between(-1, 40);
    }
}
