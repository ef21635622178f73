package dev.transferguard.policy.internal.compile;

import dev.transferguard.internal.CanonicalNames;
import dev.transferguard.policy.internal.syntax.Names;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Names and their positions, 0 to {@code size() - 1}. Every decision translates the transfer's names through
 * these, so a lookup is an open-addressing probe over a table at most half full: no node to follow, no
 * boxed position, and the same string object ends the probe without comparing characters: the index holds the
 * {@link CanonicalNames} objects, which the JSON reader gives transfers, and which are those of an application's
 * constants.
 */
final class NameIndex {

    private final List<String> names;
    private final String[] slots;
    private final int[] positions;
    private final int mask;

    /**
     * Positions in the order given.
     *
     * @param names distinct names
     * @throws IllegalArgumentException if a name is given twice
     */
    NameIndex(Collection<String> names) {
        this.names = List.copyOf(names);
        CanonicalNames.addAll(this.names);
        int capacity = Integer.highestOneBit(Math.max(2, this.names.size()) * 2 - 1) * 2;
        slots = new String[capacity];
        positions = new int[capacity];
        mask = capacity - 1;
        for (int p = 0; p < this.names.size(); p++) {
            String name = CanonicalNames.of(this.names.get(p));
            int i = slot(name);
            while (slots[i] != null) {
                if (slots[i].equals(name)) {
                    throw new IllegalArgumentException("'" + name + "' is given twice");
                }
                i = (i + 1) & mask;
            }
            slots[i] = name;
            positions[i] = p;
        }
    }

    /**
     * Positions in the names' sorted order, so that they do not depend on the order of declaration.
     *
     * @param names distinct names
     * @return the index
     */
    static NameIndex sorted(Collection<String> names) {
        return new NameIndex(new TreeSet<>(names));
    }

    private int slot(String name) {
        int h = name.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * The position of a name.
     *
     * @param name a name, or {@code null}
     * @return its position, or -1 if it is not one of the names
     */
    int of(String name) {
        if (name == null) {
            return -1;
        }
        for (int i = slot(name);; i = (i + 1) & mask) {
            String s = slots[i];
            if (s == null) {
                return -1;
            }
            if (s == name || s.equals(name)) {
                return positions[i];
            }
        }
    }

    /** @return how many names there are */
    int size() {
        return names.size();
    }

    /** @return the names, by position */
    List<String> names() {
        return names;
    }
}
