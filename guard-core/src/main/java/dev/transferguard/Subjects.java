package dev.transferguard;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The people the data is about.
 *
 * <p>When {@code ids} are given, volume counters count distinct ids exactly; subjects beyond the ids
 * ({@code count > ids.size()}) are counted as new people, so that a count is never too low.
 *
 * @param residence   the jurisdictions where the subjects reside (ISO 3166-1 alpha-2)
 * @param citizenship the subjects' citizenships (ISO 3166-1 alpha-2)
 * @param count       how many people the data is about; at least the number of distinct ids and at most
 *                    {@value #MAX_COUNT}
 * @param ids         pseudonymous subject ids, possibly empty; never raw identifiers
 */
public record Subjects(List<String> residence, List<String> citizenship, long count, List<String> ids) {

    /** No subjects: data that is about nobody, e.g. {@code non-personal}. */
    public static final Subjects NONE = new Subjects(List.of(), List.of(), 0, List.of());

    /**
     * The largest count a transfer may name: more people than live on Earth. A larger one is a mistake or an
     * attack (a count near 2^63 would wrap a volume counter negative), never a transfer.
     */
    public static final long MAX_COUNT = 10_000_000_000L;

    /** Copies the lists and checks the count. */
    public Subjects {
        residence = List.copyOf(Objects.requireNonNull(residence, "residence"));
        citizenship = List.copyOf(Objects.requireNonNull(citizenship, "citizenship"));
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
        if (count < 0) {
            throw new IllegalArgumentException("subjects.count must not be negative, was " + count);
        }
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException("subjects.count must be at most " + MAX_COUNT
                    + " (more people than live on Earth), was " + count);
        }
        long distinct = distinct(ids);
        if (count < distinct) {
            throw new IllegalArgumentException(
                    "subjects.count (" + count + ") is less than the number of distinct ids (" + distinct + ")");
        }
    }

    /** The number of distinct ids; checked on every transfer a guarded method makes, so without a stream. */
    private static long distinct(List<String> ids) {
        int n = ids.size();
        if (n < 2) {
            return n;
        }
        if (n <= 8) {
            // Fewer comparisons than a hash set's work for the few ids of a typical call.
            int distinct = n;
            for (int i = 1; i < n; i++) {
                String id = ids.get(i);
                for (int j = 0; j < i; j++) {
                    if (id.equals(ids.get(j))) {
                        distinct--;
                        break;
                    }
                }
            }
            return distinct;
        }
        return new HashSet<>(ids).size();
    }

    /**
     * Subjects known only by number and residence.
     *
     * @param count     how many people
     * @param residence where they reside
     * @return the subjects
     */
    public static Subjects of(long count, String... residence) {
        return new Subjects(List.of(residence), List.of(), count, List.of());
    }

    /**
     * The same subjects with these citizenships.
     *
     * @param citizenship ISO codes
     * @return a copy with the citizenships replaced
     */
    public Subjects withCitizenship(String... citizenship) {
        return new Subjects(residence, List.of(citizenship), count, ids);
    }

    /**
     * The same subjects identified by these pseudonymous ids; the count becomes at least their number.
     *
     * @param ids pseudonymous ids
     * @return a copy with the ids replaced
     */
    public Subjects withIds(List<String> ids) {
        long distinct = distinct(List.copyOf(ids));
        return new Subjects(residence, citizenship, Math.max(count, distinct), ids);
    }
}
