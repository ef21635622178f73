package dev.transferguard.cli;

import dev.transferguard.Decision;

/**
 * The JSON text of the decisions printed lately, so that a decision's JSON is encoded once rather than once per
 * line. A guard hands out one shared, immutable decision for all transfers of the same shape: those are found by
 * identity, at the cost of a table read. A decision that read a counter is a new object each time, but mostly
 * equal to one printed before: those are found by equality ({@link Decision#toJson()} is the same for equal
 * decisions), which costs a hash code and a comparison instead of an encoding.
 *
 * <p>Both tables are direct-mapped and small whatever the input: a decision only takes a slot until another
 * needs it. Only decisions whose text was encoded here enter the identity table, so that a stream of new but
 * equal decisions does not push the shared ones out. Not thread-safe: one per command, on the deciding thread.
 */
final class DecisionTexts {

    /** Many more than the decision shapes of a usual input; a power of two, for the mask. */
    private static final int SLOTS = 256;

    private final Decision[] byIdentity = new Decision[SLOTS];
    private final String[] identityTexts = new String[SLOTS];
    private final Decision[] byValue = new Decision[SLOTS];
    private final String[] valueTexts = new String[SLOTS];

    /** {@code decision.toJson()}, encoded only when neither this decision nor an equal one is kept. */
    String json(Decision decision) {
        int identitySlot = System.identityHashCode(decision) & (SLOTS - 1);
        if (byIdentity[identitySlot] == decision) {
            return identityTexts[identitySlot];
        }
        int valueSlot = decision.hashCode() & (SLOTS - 1);
        if (decision.equals(byValue[valueSlot])) {
            return valueTexts[valueSlot];
        }
        String text = decision.toJson();
        byValue[valueSlot] = decision;
        valueTexts[valueSlot] = text;
        byIdentity[identitySlot] = decision;
        identityTexts[identitySlot] = text;
        return text;
    }
}
