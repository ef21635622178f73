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

/** The kept text of a decision is always that decision's own JSON, however many decisions share the slots. */
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
            // mostly a few hot decisions, as in a real input, and now and then any of them
            Decision d = decisions.get(order.nextInt(4) > 0 ? order.nextInt(8) : order.nextInt(DECISIONS));
            assertEquals(d.toJson(), texts.json(d));
        }
    }

    @Test
    void anEqualDecisionThatIsAnotherObjectGetsItsOwnText() {
        DecisionTexts texts = new DecisionTexts();
        Decision first = decision(1);
        Decision twin = decision(1);
        assertEquals(first.toJson(), texts.json(first));
        assertEquals(twin.toJson(), texts.json(twin));
        assertEquals(first.toJson(), texts.json(first));
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
