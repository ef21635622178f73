package dev.transferguard.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A count near 2^63 once wrapped a volume counter negative, so that later bulk exports skipped their tier. */
class CounterOverflowTest {

    private static final String VOCABULARY = """
            bundle default allow
            category personal "people"
            basis contract "a contract"
            """;
    private static final String PACK = """
            policy p "bulk"
              version 1
              applies when origin in [CN]
              default allow
            counter exported = distinct subjects of personal
              per calendar-year
            rule bulk
              require contract when count(exported) >= 100
              because "a contract from 100 people a year"
            """;

    @Test
    void anAbsurdCountIsBadInputInJavaAndInJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Subjects(List.of("CN"), List.of(), Long.MAX_VALUE - 1, List.of()));
        assertTrue(e.getMessage().contains("at most " + Subjects.MAX_COUNT), e.getMessage());

        String json = "{\"date\":\"2026-03-01\",\"origin\":\"CN\",\"destination\":\"SG\",\"categories\":[\"personal\"],"
                + "\"subjects\":{\"residence\":[\"CN\"],\"count\":9223372036854775807}}";
        InvalidTransferException bad = assertThrows(InvalidTransferException.class, () -> Transfer.fromJson(json));
        assertTrue(bad.getMessage().contains("at most 10000000000"), bad.getMessage());
    }

    @Test
    void theLargestCountsNeverWrapACounterBelowAThreshold() {
        Guard guard = Guard.builder().policies(PolicyBundle.of(Map.of("vocabulary.guard", VOCABULARY,
                "p.guard", PACK))).build();
        LocalDate day = LocalDate.of(2026, 3, 1);
        // Allowed under the tier's basis, each of these counts the most people a transfer may name.
        for (int i = 0; i < 3; i++) {
            Decision d = guard.decide(export(day, Subjects.MAX_COUNT).bases("contract").build());
            assertTrue(d.allowed(), d.explain());
        }
        Decision small = guard.decide(export(day, 1).build());
        assertEquals(false, small.allowed(), "one more person is still above the tier: " + small.explain());
    }

    @Test
    void countsSaturateInsteadOfWrapping() {
        assertEquals(Long.MAX_VALUE, InMemoryCounterStore.plus(Long.MAX_VALUE - 1, 5));
        assertEquals(Long.MAX_VALUE, InMemoryCounterStore.plus(Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(7, InMemoryCounterStore.plus(3, 4));

        InMemoryCounterStore store = new InMemoryCounterStore();
        Subjects most = new Subjects(List.of("CN"), List.of(), Subjects.MAX_COUNT, List.of());
        long day = LocalDate.of(2026, 3, 1).toEpochDay();
        store.record("p/exported", null, day, most);
        long counted = store.count("p/exported", null, day, day, most);
        assertEquals(2 * Subjects.MAX_COUNT, counted);
    }

    private static Transfer.Builder export(LocalDate day, long count) {
        return Transfer.builder().date(day).origin("CN").destination("SG").categories("personal")
                .subjects(Subjects.of(count, "CN"));
    }
}
