package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.policy.PolicyBundle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which reasons decided a decision: one rule, {@link Decision#deciding()}, which the explanation uses. */
class DecidingReasonsTest {

    private static Guard guard(String vocabulary) {
        return Guard.builder().clock(TestClocks.MARCH_1)
                .policies(PolicyBundle.of(Map.of("vocabulary.guard", vocabulary, "cn.guard", GuardTest.PACK)))
                .build();
    }

    private static List<String> rules(List<Reason> reasons) {
        return reasons.stream().map(r -> r.pack() + "/" + r.rule()).toList();
    }

    @Test
    void aDenialIsDecidedByTheUnmetRequirementNotByTheMetOne() {
        Decision d = guard(GuardTest.VOCABULARY).decide(GuardTest.cnToSg(150_000).bases("separate-consent").build());
        assertFalse(d.allowed(), d.explain());
        assertEquals(List.of("cn.test/consent", "cn.test/volume"), rules(d.reasons()));
        assertEquals(List.of("cn.test/volume"), rules(d.deciding()));
        assertTrue(d.explain().startsWith("denied by cn.test/volume (2024 Provisions Art. 8);"), d.explain());
    }

    @Test
    void anAllowIsDecidedByEveryReason() {
        Decision d = guard(GuardTest.VOCABULARY).decide(GuardTest.cnToSg(10).bases("separate-consent").build());
        assertTrue(d.allowed(), d.explain());
        assertEquals(d.reasons(), d.deciding());
        assertEquals(List.of("cn.test/consent"), rules(d.deciding()));
    }

    @Test
    void aDenialByADefaultIsDecidedByThatDefault() {
        Guard guard = guard(GuardTest.VOCABULARY.replace("bundle default allow", "bundle default deny"));
        Decision d = guard.decide(GuardTest.cnToSg(10).origin("SG").destination("CN").build());
        assertFalse(d.allowed(), d.explain());
        assertEquals(List.of("bundle/default"), rules(d.deciding()));
        assertEquals(Reason.Kind.DEFAULT, d.deciding().get(0).kind());
    }
}
