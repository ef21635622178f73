package dev.transferguard.internal.classify;

import dev.transferguard.Subjects;
import java.util.List;

/**
 * What the arguments of one call hold: the categories of the personal data present and the people it is
 * about. Its ids are pseudonyms, or, when the guard records, ids the guard has the recorder pseudonymise
 * before anything else sees them.
 *
 * @param categories the categories, sorted; empty when the arguments hold no personal data
 * @param subjects   the data subjects
 */
public record Classification(List<String> categories, Subjects subjects) {

    /** Nothing personal. */
    public static final Classification NONE = new Classification(List.of(), Subjects.NONE);

    /**
     * Whether the arguments hold personal data.
     *
     * @return {@code true} when there is no category
     */
    public boolean isEmpty() {
        return categories.isEmpty();
    }
}
