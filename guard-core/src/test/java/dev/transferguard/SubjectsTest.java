package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The count of subjects is never below the number of distinct ids, however many ids there are. */
class SubjectsTest {

    private static List<String> ids(int n, int distinct) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("hmac-sha256:" + (i % distinct));
        }
        return ids;
    }

    @Test
    void countsDistinctIdsOfSmallAndLargeLists() {
        for (int n : new int[] {1, 2, 3, 8, 9, 50}) {
            for (int distinct = 1; distinct <= n; distinct++) {
                List<String> ids = ids(n, distinct);
                assertEquals(distinct, new Subjects(List.of(), List.of(), distinct, ids).count());
                int d = distinct;
                assertThrows(IllegalArgumentException.class, () -> new Subjects(List.of(), List.of(), d - 1, ids),
                        n + " ids, " + distinct + " distinct");
                assertEquals(distinct, Subjects.NONE.withIds(ids).count());
            }
        }
    }
}
