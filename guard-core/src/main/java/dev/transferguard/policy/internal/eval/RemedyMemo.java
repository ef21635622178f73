package dev.transferguard.policy.internal.eval;

import dev.transferguard.policy.internal.compile.Facts;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remedies of the denials a bundle has made, by the shape of their facts ({@code Facts.shape()}): the same
 * denial, made again, is answered without a new search. Denials repeat: a guarded method sends the same kind of
 * data to the same place, and what varies (ids, a name) is not read by the rules. A search whose answer
 * depended on a counter the decision had not read is not kept: its shape does not say that counter's value.
 * Bounded: when full it starts again empty, so that a stream of unlike denials costs memory no more than it
 * would cost searches.
 */
final class RemedyMemo {

    /** Shapes kept at most; a few hundred bytes each. */
    static final int CAPACITY = 4096;

    private final ConcurrentHashMap<Shape, List<Set<String>>> found = new ConcurrentHashMap<>();

    /**
     * The facts' shape as a map key: its numbers compared as a whole. A thread's probe is refilled for each
     * lookup, so that a hit allocates nothing; what is kept is a copy.
     */
    static final class Shape {
        private long[] numbers;
        private int length;
        private int hash;

        Shape(int capacity) {
            numbers = new long[capacity];
        }

        private Shape(long[] numbers, int hash) {
            this.numbers = numbers;
            this.length = numbers.length;
            this.hash = hash;
        }

        /** Refills this probe with the shape of a thread's facts. */
        void fill(Facts facts) {
            if (numbers.length < facts.shapeCapacity()) {
                numbers = new long[facts.shapeCapacity()];
            }
            length = facts.shape(numbers);
            int h = 1;
            for (int i = 0; i < length; i++) {
                long v = numbers[i];
                h = 31 * h + (int) (v ^ (v >>> 32));
            }
            hash = h;
        }

        Shape copy() {
            return new Shape(Arrays.copyOf(numbers, length), hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && s.hash == hash
                    && Arrays.equals(s.numbers, 0, s.length, numbers, 0, length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The remedies found before for a shape, or {@code null}. */
    List<Set<String>> get(Shape shape) {
        return found.get(shape);
    }

    /** Keeps the remedies of a shape (a copy of the probe); the list and its sets must not change. */
    void put(Shape shape, List<Set<String>> remedies) {
        if (found.size() >= CAPACITY) {
            found.clear();
        }
        found.put(shape.copy(), remedies);
    }
}
