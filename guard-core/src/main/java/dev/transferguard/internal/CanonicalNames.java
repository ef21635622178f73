package dev.transferguard.internal;

import java.util.Collection;

/**
 * One string object for each name the compiled policies declare (categories, bases, recipient kinds,
 * transactions, purposes, attributes and their values, jurisdiction codes), shared by the policies' indexes and
 * by the transfers the JSON reader makes. Deciding compares a transfer's names with the policies' ones; the same
 * object ends each comparison at once, where two equal strings would compare their characters. The objects are
 * the JVM's own for their text ({@link String#intern()}), so a name an application writes as a constant is the
 * policies' object too.
 *
 * <p>Only names that policies declare are kept, never input: a name that is not one of them is returned as it
 * came. Reading locks nothing; adding (when policies are compiled) copies the table. Bounded: once
 * {@value #MAX_NAMES} names are kept, further names are not, and compare as equal strings do.
 */
public final class CanonicalNames {

    /** Names kept at most. */
    static final int MAX_NAMES = 1 << 16;

    /** Open addressing, at most half full; replaced whole when names are added, so that readers need no lock. */
    private static volatile String[] table = new String[256];
    private static int size;

    private CanonicalNames() {
    }

    /**
     * The shared object for a name the policies declare.
     *
     * @param name a name, or {@code null}
     * @return the shared object equal to it, or {@code name} itself when no policy declares it
     */
    public static String of(String name) {
        if (name == null) {
            return null;
        }
        String[] t = table;
        int mask = t.length - 1;
        int h = name.hashCode();
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            String kept = t[i];
            if (kept == null) {
                return name;
            }
            if (kept == name || kept.hashCode() == h && kept.equals(name)) {
                return kept;
            }
        }
    }

    /**
     * Keeps names, once each.
     *
     * @param names names the policies declare
     */
    public static synchronized void addAll(Collection<String> names) {
        String[] t = table;
        String[] grown = null;
        for (String name : names) {
            if (size >= MAX_NAMES) {
                break;
            }
            if (of(name, grown != null ? grown : t) != null) {
                continue;
            }
            if (grown == null || 2 * (size + 1) > grown.length) {
                int capacity = Math.max(t.length, 2 * Integer.highestOneBit(2 * (size + 1)));
                grown = rehashed(grown != null ? grown : t, capacity);
            }
            insert(grown, name.intern());
            size++;
        }
        if (grown != null) {
            table = grown;
        }
    }

    /** The kept object equal to a name in a table, or {@code null}. */
    private static String of(String name, String[] t) {
        int mask = t.length - 1;
        for (int i = spread(name.hashCode()) & mask;; i = (i + 1) & mask) {
            if (t[i] == null) {
                return null;
            }
            if (t[i].equals(name)) {
                return t[i];
            }
        }
    }

    private static String[] rehashed(String[] from, int capacity) {
        String[] to = new String[capacity];
        for (String name : from) {
            if (name != null) {
                insert(to, name);
            }
        }
        return to;
    }

    private static void insert(String[] t, String name) {
        int mask = t.length - 1;
        int i = spread(name.hashCode()) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = name;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
