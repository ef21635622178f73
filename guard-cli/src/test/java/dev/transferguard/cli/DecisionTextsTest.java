package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.internal.EngineDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kept text of a decision is always that decision's own JSON, however many decisions share the slots, and
 * decisions equal to one printed before are not encoded again.
 */
class DecisionTextsTest {

    /** Four times the slots: most decisions share a slot with others. */
    private static final int DECISIONS = 1024;

    @Test
    void everyTextIsTheDecisionsOwnWhateverTheOrder() {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < DECISIONS; i++) {
            decisions.add(decision(i));
        }
        DecisionTexts texts = new DecisionTexts();
        Random order = new Random(12);
        for (int n = 0; n < 20 * DECISIONS; n++) {
            // mostly a few hot decisions, as in a real input, and now and then any of them, or a new equal one
            int k = order.nextInt(4) > 0 ? order.nextInt(8) : order.nextInt(DECISIONS);
            Decision d = order.nextInt(3) == 0 ? decision(k) : decisions.get(k);
            assertEquals(d.toJson(), texts.json(d));
        }
    }

    @Test
    void newButEqualDecisionsGetTheTextOfTheFirstAndDoNotPushItOut() {
        DecisionTexts texts = new DecisionTexts();
        Decision first = decision(1);
        String text = texts.json(first);
        for (int i = 0; i < 2 * DECISIONS; i++) {
            // as a decision that read a counter: a new object each time, equal to the first
            assertSame(text, texts.json(decision(1)));
        }
        assertSame(text, texts.json(first));
    }

    @Test
    void theSameDecisionIsEncodedOnce() {
        DecisionTexts texts = new DecisionTexts();
        Decision d = decision(7);
        assertSame(texts.json(d), texts.json(d));
    }

    private static Decision decision(int i) {
        Reason reason = new Reason("pack", "rule-" + i, Reason.Kind.DENY, "because " + i, "p.guard:" + (i + 1));
        return new EngineDecision(Outcome.DENY, List.of(), List.of(), List.of(reason), List.of(), "sha256:00");
    }
}
