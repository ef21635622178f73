package dev.transferguard.policy.internal;

import java.util.Arrays;

/** Small helpers over {@code long[]} bit sets, the representation of every compiled set. */
final class Bits {

    private Bits() {
    }

    static long[] of(int size) {
        return new long[(size + 63) >>> 6];
    }

    static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    static boolean get(long[] bits, int i) {
        return i >= 0 && (bits[i >>> 6] & (1L << i)) != 0;
    }

    static boolean intersects(long[] a, long[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether every bit of {@code a} is also in {@code b}. */
    static boolean subsetOf(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            long other = i < b.length ? b[i] : 0;
            if ((a[i] & ~other) != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isEmpty(long[] a) {
        for (long w : a) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    static void clear(long[] a) {
        Arrays.fill(a, 0L);
    }

    static void or(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] |= from[i];
        }
    }
}
