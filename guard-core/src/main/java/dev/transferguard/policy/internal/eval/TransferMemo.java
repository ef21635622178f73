package dev.transferguard.policy.internal.eval;

import dev.transferguard.Action;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The decisions kept for a shape of facts ({@link DecisionTrie}), found by the transfer's own values, so that a
 * transfer made again is decided without translating its names into facts or writing and hashing their shape.
 * A transfer is the same as another when every value it holds is, but the ids of its subjects: no rule reads
 * them, and a counter that counts them reads them from the transfer being decided, not from the one kept. Names
 * are compared as strings, with the same string object (a constant of the application's, or a name the JSON
 * reader took from the policies) ending a comparison at once.
 *
 * <p>Lookups lock nothing and allocate nothing; keeping is rare (a transfer not seen before, or a counter in a
 * band not seen before) and takes a lock. What is kept is the transfer's values without its subjects' ids (its
 * immutable parts, shared), so that the memo holds no id of a person the data is about. Bounded: when full it
 * starts again empty.
 */
final class TransferMemo {

    /** Transfers kept at most. */
    static final int CAPACITY = 4096;

    /**
     * Transfers kept at most in one chain: transfers whose hashes meet (by chance, or made to) cost a lookup at most
     * this many comparisons. A transfer that would lengthen a full chain is not kept.
     */
    static final int MAX_CHAIN = 8;

    private static final int SLOTS = 2 * CAPACITY;

    /**
     * A kept transfer's values and its shape's decisions; a slot chains the entries whose hashes share it. The
     * entity's attributes are kept as arrays, compared without iterating the transfer's map.
     */
    private record Entry(Action action, LocalDate date, String origin, String destination, List<String> categories,
            long count, List<String> residence, List<String> citizenship, String[] entityKeys, Object[] entityValues,
            Recipient recipient, String transaction, String purpose, List<LegalBasis> bases, int hash,
            DecisionTrie decisions, Entry next) {

        static Entry of(Transfer t, int hash, DecisionTrie decisions, Entry next) {
            Subjects s = t.subjects();
            String[] keys = new String[t.entity().size()];
            Object[] values = new Object[keys.length];
            int i = 0;
            for (Map.Entry<String, Object> e : t.entity().entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue();
            }
            return new Entry(t.action(), t.date(), t.origin(), t.destination(), t.categories(), s.count(),
                    s.residence(), s.citizenship(), keys, values, t.recipient(), t.transaction(), t.purpose(),
                    t.bases(), hash, decisions, next);
        }

        Entry withNext(Entry chain) {
            return new Entry(action, date, origin, destination, categories, count, residence, citizenship,
                    entityKeys, entityValues, recipient, transaction, purpose, bases, hash, decisions, chain);
        }

        /** Whether the transfer holds these values, but perhaps the ids of its subjects. */
        boolean holds(Transfer t, int hashOfT) {
            Subjects s = t.subjects();
            return hash == hashOfT
                    && count == s.count()
                    && action == t.action()
                    && origin.equals(t.origin())
                    && destination.equals(t.destination())
                    && date.equals(t.date())
                    && equal(purpose, t.purpose())
                    && equal(transaction, t.transaction())
                    && sameList(categories, t.categories())
                    && recipient.equals(t.recipient())
                    && sameList(bases, t.bases())
                    && sameList(residence, s.residence())
                    && sameList(citizenship, s.citizenship())
                    && sameEntity(t.entity());
        }

        /**
         * Whether the attributes are these: as {@link Map#equals}, without the entry objects an immutable map
         * makes to be iterated. The same number of keys, each with an equal value, is the same map.
         */
        private boolean sameEntity(Map<String, Object> attributes) {
            if (attributes.size() != entityKeys.length) {
                return false;
            }
            for (int i = 0; i < entityKeys.length; i++) {
                if (!entityValues[i].equals(attributes.get(entityKeys[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    private int size;

    /**
     * The decisions kept for a transfer with the same values as this one.
     *
     * @param t    the transfer
     * @param hash its {@link #hash}
     * @return the decisions of its shape, or {@code null} when none are kept
     */
    DecisionTrie get(Transfer t, int hash) {
        for (Entry e = slots.getAcquire(hash & (SLOTS - 1)); e != null; e = e.next) {
            if (e.holds(t, hash)) {
                return e.decisions;
            }
        }
        return null;
    }

    /**
     * Keeps the decisions of a transfer's shape, replacing those kept for the same values before.
     *
     * @param t         the transfer, decided without error
     * @param hash      its {@link #hash}
     * @param decisions the decisions kept for its shape
     */
    synchronized void put(Transfer t, int hash, DecisionTrie decisions) {
        AtomicReferenceArray<Entry> table = slots;
        if (size >= CAPACITY) {
            table = new AtomicReferenceArray<>(SLOTS);
            slots = table;
            size = 0;
        }
        int slot = hash & (SLOTS - 1);
        Entry chain = null;
        boolean replaced = false;
        int length = 0;
        // The chain is rebuilt without the entry replaced: entries are immutable, so that readers need no lock.
        for (Entry e = table.get(slot); e != null; e = e.next) {
            if (e.holds(t, hash)) {
                replaced = true;
            } else {
                chain = e.withNext(chain);
                length++;
            }
        }
        if (length >= MAX_CHAIN) {
            return;
        }
        table.setRelease(slot, Entry.of(t, hash, decisions, chain));
        if (!replaced) {
            size++;
        }
    }

    /**
     * A hash of some of the values an entry compares: those that tell most transfers apart, each read without
     * going through a list or a map but for the first category and basis. Transfers that differ only in the others
     * share a chain, whose length is bounded. Each term is worked out on its own, so that the processor overlaps
     * them; strings keep their hash once worked out.
     *
     * @param t the transfer
     * @return the hash
     */
    static int hash(Transfer t) {
        Subjects s = t.subjects();
        Recipient r = t.recipient();
        List<String> categories = t.categories();
        List<LegalBasis> bases = t.bases();
        long h = t.action().ordinal()
                + 0x9E3779B97F4A7C15L * t.date().hashCode()
                + 0xBF58476D1CE4E5B9L * t.origin().hashCode()
                + 0x94D049BB133111EBL * t.destination().hashCode()
                + 0xD6E8FEB86659FD93L * (categories.get(0).hashCode() + 31L * categories.size())
                + 0xA0761D6478BD642FL * s.count()
                + 0xE7037ED1A0B428DBL * (s.residence().size() + 31L * s.citizenship().size())
                + 0x8EBC6AF09C88C6E3L * hashOf(r.name())
                + 0x589965CC75374CC3L * hashOf(r.kind())
                + 0x1D8E4E27C47D124FL * hashOf(r.jurisdiction())
                + 0x2545F4914F6CDD1DL * hashOf(t.transaction())
                + 0x5851F42D4C957F2DL * hashOf(t.purpose())
                + 0x14057B7EF767814FL * (bases.isEmpty() ? 0 : bases.get(0).name().hashCode() + 31L * bases.size());
        h ^= h >>> 32;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }

    private static int hashOf(String s) {
        return s == null ? 0 : s.hashCode();
    }

    /** As {@link List#equals}, by position, without the iterator an immutable list makes to be compared. */
    private static boolean sameList(List<?> a, List<?> b) {
        if (a == b) {
            return true;
        }
        int n = a.size();
        if (b.size() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x != y && !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(String a, String b) {
        return a == b || a != null && a.equals(b);
    }
}
