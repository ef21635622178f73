package dev.transferguard.policy.internal.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class NameIndexPropertyTest {

    @Property
    void everyNameFindsItsPositionAndNoOtherStringFindsOne(
            @ForAll @Size(max = 200) Set<@StringLength(max = 12) String> names,
            @ForAll List<@StringLength(max = 12) String> probes) {
        List<String> ordered = new ArrayList<>(names);
        NameIndex index = new NameIndex(ordered);
        assertEquals(ordered.size(), index.size());
        assertEquals(ordered, index.names());
        for (int p = 0; p < ordered.size(); p++) {
            // A copy: equal characters in another object must be found too.
            assertEquals(p, index.of(new String(ordered.get(p).toCharArray())));
        }
        for (String probe : probes) {
            assertEquals(ordered.indexOf(probe), index.of(probe));
        }
    }

    @Property
    void sortedPositionsFollowTheNamesOrder(@ForAll @Size(max = 50) Set<@StringLength(max = 8) String> names) {
        NameIndex index = NameIndex.sorted(names);
        List<String> sorted = names.stream().sorted().toList();
        for (int p = 0; p < sorted.size(); p++) {
            assertEquals(p, index.of(sorted.get(p)));
        }
    }

    @Test
    void nullIsNoName() {
        assertEquals(-1, new NameIndex(List.of("a")).of(null));
        assertEquals(-1, new NameIndex(List.of()).of("a"));
    }

    @Test
    void aNameGivenTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NameIndex(List.of("eu-scc", "eu-scc")));
    }
}
