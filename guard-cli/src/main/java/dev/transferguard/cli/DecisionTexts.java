package dev.transferguard.cli;

import dev.transferguard.Decision;

/**
 * The JSON text of the decisions printed lately, kept by identity. A guard hands out one shared, immutable
 * decision for all transfers of the same shape, so a file of many transfers has few distinct decisions: each is
 * encoded once instead of once per line. A decision's text never changes ({@link Decision#toJson()} is the same
 * for equal decisions), so a kept text is always the right one.
 *
 * <p>Direct-mapped on the identity hash, so it stays small whatever the input: a decision made for one transfer
 * alone only takes a slot until another needs it. Not thread-safe: one per command, on the deciding thread.
 */
final class DecisionTexts {

    /** Many more than the decision shapes of a usual input; a power of two, for the mask. */
    private static final int SLOTS = 256;

    private final Decision[] decisions = new Decision[SLOTS];
    private final String[] texts = new String[SLOTS];

    /** {@code decision.toJson()}, encoded only when this decision is not the one kept in its slot. */
    String json(Decision decision) {
        int slot = System.identityHashCode(decision) & (SLOTS - 1);
        if (decisions[slot] != decision) {
            texts[slot] = decision.toJson();
            decisions[slot] = decision;
        }
        return texts[slot];
    }
}
