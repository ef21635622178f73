package dev.transferguard.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Subjects;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transfers dated before a day already counted once made each decision walk every id ever counted: a 6 MB
 * input took minutes instead of seconds. The work is now bounded by the ids of the window or of the days after
 * it, whichever are fewer; counted here in ids looked at, not in time.
 */
class OutOfOrderDatesTest {

    private static final long START = LocalDate.of(2026, 1, 1).toEpochDay();
    private static final int TRANSFERS = 5_000;

    private static Subjects one(int i) {
        return new Subjects(List.of("CN"), List.of(), 1, List.of("id-" + i));
    }

    @Test
    void oneLateDateFirstDoesNotMakeEveryLaterDecisionWalkEveryId() {
        InMemoryCounterStore store = new InMemoryCounterStore();
        // The attack: one transfer dated at the end of the year, then the rest in date order before it.
        store.record("c", null, START + 360, one(-1));
        for (int i = 0; i < TRANSFERS; i++) {
            long day = START + (long) i * 300 / TRANSFERS;
            store.count("c", null, START, day, one(i));
            store.record("c", null, day, one(i));
        }
        assertEquals(TRANSFERS + 1, store.count("c", null, START, START + 364, null));
        // Each window ending before day 360 looks at the one id after it, not at the thousands before it.
        assertTrue(store.examined() <= 2L * TRANSFERS, "looked at " + store.examined() + " ids");
    }

    @Test
    void reverseDateOrderCostsWhatDateOrderCosts() {
        InMemoryCounterStore store = new InMemoryCounterStore();
        for (int i = TRANSFERS - 1; i >= 0; i--) {
            long day = START + i / 20;
            store.count("c", null, START, day, one(i));
            store.record("c", null, day, one(i));
        }
        assertEquals(TRANSFERS, store.count("c", null, START, START + 364, null));
        // Windows end before the days counted so far, and hold few of them: the window's own days are read.
        assertTrue(store.examined() <= 20L * TRANSFERS, "looked at " + store.examined() + " ids");
    }
}
