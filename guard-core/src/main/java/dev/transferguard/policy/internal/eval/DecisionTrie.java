package dev.transferguard.policy.internal.eval;

import dev.transferguard.Decision;
import dev.transferguard.policy.internal.compile.Facts;
import dev.transferguard.policy.internal.compile.Program;

/**
 * The decisions made for one shape of facts, told apart by the volume counters they read. A decision depends
 * on a counter only through the band its value falls in (every comparison of the counter answers alike within
 * a band), and evaluation is deterministic: for one shape it always reads the same counter first, and which it
 * reads next depends only on the bands seen so far. So the decisions of a shape form a trie: a node names the
 * counter evaluation reads next, and whether that read counts the transfer itself, and leads, by that counter's
 * band, to the next node or to the decision. A lookup reads exactly the counters evaluation would read, in the
 * same order, alike, and no other: a read may go to a shared store such as a database. Evaluation here includes
 * a denial's remedy search, whose trials may read a counter first, under bases that count the transfer
 * otherwise than its own. A decision that read no counter is a trie of one leaf.
 *
 * <p>Immutable: a new decision makes a new trie that shares the untouched branches, so that threads read a trie
 * without locking. A shape's trie holds at most {@value #MAX_DECISIONS} decisions, then starts again.
 */
final class DecisionTrie {

    /** Decisions kept per shape at most: counters cross few bands, so more means unlike counters, not repeats. */
    static final int MAX_DECISIONS = 64;

    /** The decision of a leaf; {@code null} in a node that reads a counter. */
    private final Decision decision;
    /** The counter a node reads; unused in a leaf. */
    private final int counter;
    /** Whether that counter counted the transfer itself when it was read for these facts: its filter held. */
    private final boolean counts;
    /** A node's next tries, by the band of its counter; entries are {@code null} where nothing was decided. */
    private final DecisionTrie[] byBand;
    /** How many decisions the trie holds. */
    private final int decisions;

    private DecisionTrie(Decision decision) {
        this.decision = decision;
        this.counter = -1;
        this.counts = false;
        this.byBand = null;
        this.decisions = 1;
    }

    private DecisionTrie(int counter, boolean counts, DecisionTrie[] byBand) {
        this.decision = null;
        this.counter = counter;
        this.counts = counts;
        this.byBand = byBand;
        int n = 0;
        for (DecisionTrie t : byBand) {
            n += t == null ? 0 : t.decisions;
        }
        this.decisions = n;
    }

    /**
     * The decision of a trie that reads no counter: its one leaf's.
     *
     * @return the decision, or {@code null} when the trie reads a counter
     */
    Decision withoutCounters() {
        return decision;
    }

    /**
     * The decision kept for the counters' bands, reading the counters evaluation would read, in its order; the
     * values read stay in the facts, so that an evaluation after a miss reads none of them again.
     *
     * @param program the program the facts belong to
     * @param f       the transfer's facts, of this trie's shape
     * @return the decision, or {@code null} when none was made for these bands
     */
    Decision find(Program program, Facts f) {
        DecisionTrie t = this;
        while (t.decision == null) {
            t = t.byBand[program.readBand(t.counter, f, t.counts)];
            if (t == null) {
                return null;
            }
        }
        return t.decision;
    }

    /**
     * A trie that also holds a new decision, reached by the counters the decision read (as the facts hold them)
     * and their bands.
     *
     * @param trie     the shape's trie so far, or {@code null}
     * @param program  the program the facts belong to
     * @param f        the facts just decided, with the counters their evaluation read
     * @param decision the decision
     * @return the new trie, or {@code null} when the path contradicts the trie (which a deterministic
     *         evaluation never does) and nothing is to be kept
     */
    static DecisionTrie with(DecisionTrie trie, Program program, Facts f, Decision decision) {
        DecisionTrie grown = grow(trie, 0, program, f, decision);
        if (grown != null && grown.decisions > MAX_DECISIONS) {
            return grow(null, 0, program, f, decision);
        }
        return grown;
    }

    private static DecisionTrie grow(DecisionTrie t, int depth, Program program, Facts f, Decision decision) {
        if (depth == f.countersRead()) {
            return t == null || t.decision != null ? new DecisionTrie(decision) : null;
        }
        int counter = f.counterReadAt(depth);
        boolean counts = f.counterCounted(counter);
        DecisionTrie[] byBand;
        if (t == null) {
            byBand = new DecisionTrie[program.counterBands(counter)];
        } else if (t.decision != null || t.counter != counter || t.counts != counts) {
            return null;
        } else {
            byBand = t.byBand.clone();
        }
        // Read already: the band comes from the value kept in the facts, not from the store.
        int band = program.readBand(counter, f, counts);
        DecisionTrie next = grow(byBand[band], depth + 1, program, f, decision);
        if (next == null) {
            return null;
        }
        byBand[band] = next;
        return new DecisionTrie(counter, counts, byBand);
    }
}
