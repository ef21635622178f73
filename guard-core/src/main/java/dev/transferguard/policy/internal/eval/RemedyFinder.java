package dev.transferguard.policy.internal.eval;

import dev.transferguard.Requirement;
import dev.transferguard.policy.internal.compile.Facts;
import java.util.List;
import java.util.Set;

/**
 * Finds the smallest sets of legal bases that would turn a denial into an allow. The search itself lives in
 * the remedy package, which evaluates packs through {@link PackEvaluator}; this interface lets a decision ask
 * for remedies without the evaluator depending on the search.
 */
public interface RemedyFinder {

    /**
     * A search bound to one thread's facts, made on the thread's first denial and reused after.
     *
     * @param facts the thread's facts, which the search may change and must put back
     * @return the search
     */
    Search searchOver(Facts facts);

    /** The search of one thread. */
    interface Search {

        /**
         * The remedies for the transfer now in the facts, which a decision just denied.
         *
         * @param unmet the decision's unmet requirements
         * @return the sets found, smallest first; valid until the next search on this thread
         */
        List<Set<String>> remedies(List<Requirement> unmet);
    }
}
