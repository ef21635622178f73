package dev.transferguard.policy.internal.compile;

import java.util.Arrays;

/** Small helpers over {@code long[]} bit sets, the representation of every compiled set. */
public final class Bits {

    private Bits() {
    }

    /**
     * An empty set.
     *
     * @param size how many positions it can hold
     * @return the words, all zero
     */
    public static long[] of(int size) {
        return new long[(size + 63) >>> 6];
    }

    /**
     * Adds a position.
     *
     * @param bits the set
     * @param i    the position
     */
    public static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    /**
     * Whether a position is in the set.
     *
     * @param bits the set
     * @param i    the position; a negative one (an absent value) is in no set
     * @return {@code true} if it is
     */
    public static boolean get(long[] bits, int i) {
        return i >= 0 && (bits[i >>> 6] & (1L << i)) != 0;
    }

    /**
     * Whether two sets share a position.
     *
     * @param a a set
     * @param b another
     * @return {@code true} if they do
     */
    public static boolean intersects(long[] a, long[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every bit of {@code a} is also in {@code b}.
     *
     * @param a a set
     * @param b another
     * @return {@code true} if it is
     */
    public static boolean subsetOf(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            long other = i < b.length ? b[i] : 0;
            if ((a[i] & ~other) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a set is empty.
     *
     * @param a the set
     * @return {@code true} if no position is in it
     */
    public static boolean isEmpty(long[] a) {
        for (long w : a) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Empties a set.
     *
     * @param a the set
     */
    public static void clear(long[] a) {
        Arrays.fill(a, 0L);
    }

    /**
     * Adds every position of one set to another of the same size.
     *
     * @param into the set that grows
     * @param from the positions to add
     */
    public static void or(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] |= from[i];
        }
    }

    /**
     * Keeps in one set only the positions another set of the same size also holds.
     *
     * @param into the set that shrinks
     * @param from the positions to keep
     * @return {@code into}
     */
    public static long[] and(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] &= from[i];
        }
        return into;
    }
}
