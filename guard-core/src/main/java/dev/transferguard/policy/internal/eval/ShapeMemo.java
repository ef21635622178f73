package dev.transferguard.policy.internal.eval;

import dev.transferguard.policy.internal.compile.Facts;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a bundle has worked out before, by the shape of the facts it was worked out from ({@code Facts.shape()}):
 * the decisions it made (per shape, a {@link DecisionTrie} by the bands of the counters they read), and the
 * remedies of its denials. The same transfer, made again, is answered without evaluating the packs or searching
 * for remedies. Transfers repeat: a guarded method sends the same kind of data to the same place, and what varies
 * (ids, a name) is not read by the rules. A remedy search that read a counter its shape does not hold is not
 * kept: the shape does not say that counter's band. Bounded: when full it starts again empty, so that a stream of
 * unlike transfers costs memory no more than it would cost work.
 *
 * @param <V> what is kept: immutable, shared by every thread that finds it
 */
final class ShapeMemo<V> {

    /** Shapes kept at most; a few hundred bytes each. */
    static final int CAPACITY = 4096;

    private final ConcurrentHashMap<Shape, V> found = new ConcurrentHashMap<>();

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
            hash = hash(numbers, length);
        }

        /**
         * A hash in which each number's term is worked out on its own, so that the processor overlaps them, and
         * depends on its place (swapped values hash apart): a chain of {@code 31 * h + v} waits for each
         * multiplication before the next, and was a tenth of a decision's time.
         */
        static int hash(long[] numbers, int length) {
            long h = length;
            for (int i = 0; i < length; i++) {
                h += Long.rotateLeft(numbers[i] * 0x9E3779B97F4A7C15L, i);
            }
            h *= 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 32));
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

    /** What was kept for a shape, or {@code null}. */
    V get(Shape shape) {
        return found.get(shape);
    }

    /** Keeps what was worked out for a shape (a copy of the probe); it must not change. */
    void put(Shape shape, V value) {
        if (found.size() >= CAPACITY && !found.containsKey(shape)) {
            found.clear();
        }
        found.put(shape.copy(), value);
    }
}
