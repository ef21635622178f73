package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.LegalBasis;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import dev.transferguard.TransferDeniedException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The evaluation model of docs/policy-language.md ("How a pack decides"): the steps inside a pack, the rules
 * across packs, the bundle default, remedies and the explanations of a decision.
 */
class EvaluationStepsTest {

    static final String VOCABULARY = """
            category personal "people"
            category personal.contact "contact"
            basis basis-a "a"
            basis basis-b "b"
            basis basis-c "c"
            basis basis-d "d"
            basis basis-x "x"
            purpose statutory-audit "audit"
            obligation record-keeping "keep records"
            obligation notify-dpo "tell the DPO"
            obligation encrypt "encrypt"
            obligation log-access "log access"
            obligation escalate "escalate"
            """;

    static final LocalDate DAY = LocalDate.of(2026, 3, 4);
    /** Live decisions are dated by the guard's clock: noon on {@link #DAY}. */
    static final java.time.Clock DAY_CLOCK = java.time.Clock.fixed(DAY.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC),
            java.time.ZoneOffset.UTC);

    /** A bundle of the vocabulary, a {@code bundle default} line (or none) and packs named p1.guard, p2.guard, ... */
    static Guard guardWithDefault(String bundleDefault, String... packs) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("vocabulary.guard", VOCABULARY + (bundleDefault == null ? "" : "bundle default " + bundleDefault + "\n"));
        for (int i = 0; i < packs.length; i++) {
            files.put("p" + (i + 1) + ".guard", packs[i]);
        }
        return Guard.builder().clock(DAY_CLOCK).policies(PolicyBundle.of(files)).build();
    }

    static Guard guard(String... packs) {
        return guardWithDefault("allow", packs);
    }

    static Transfer.Builder transfer() {
        return Transfer.builder().date(DAY).origin("CN").destination("SG").categories("personal.contact")
                .subjects(Subjects.of(10, "CN"));
    }

    static List<String> rules(Decision d) {
        return d.reasons().stream().map(r -> r.pack() + "/" + r.rule()).toList();
    }

    static List<Reason.Kind> kinds(Decision d) {
        return d.reasons().stream().map(Reason::kind).toList();
    }

    static List<String> unmetRules(Decision d) {
        return d.unmet().stream().map(Requirement::rule).toList();
    }

    // ---- step 1: deny ----

    static final String DENY_REQUIRE_ALLOW = """
            policy p "P"
              default allow

            rule need-a
              require basis-a
              oblige [record-keeping]
              because "R"

            rule ok
              allow
              oblige [notify-dpo]
              because "A"

            rule no-us
              deny when destination is US
              because "D1"

            rule no-north-america
              deny when destination in [US, CA]
              because "D2"
            """;

    @Test
    void denyWinsOverRequireAndAllowAndCitesEveryMatchingDenyRule() {
        Guard guard = guard(DENY_REQUIRE_ALLOW);
        Decision d = guard.decide(transfer().destination("US").bases("basis-a").build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("p/no-us", "p/no-north-america"), rules(d));
        assertEquals(List.of(Reason.Kind.DENY, Reason.Kind.DENY), kinds(d));
        assertEquals(List.of(), d.unmet());
        assertEquals(List.of(), d.obligations());

        Decision canada = guard.decide(transfer().destination("CA").build());
        assertEquals(List.of("p/no-north-america"), rules(canada));
        assertEquals(List.of(), canada.unmet(), "requirements are not judged once a deny rule matched");
    }

    @Test
    void withoutADenyTheRequirementsAndAllowRulesDecide() {
        Guard guard = guard(DENY_REQUIRE_ALLOW);
        Decision unmet = guard.decide(transfer().build());
        assertEquals(Outcome.DENY, unmet.outcome());
        assertEquals(List.of("need-a"), unmetRules(unmet));
        assertEquals(List.of("basis-a"), unmet.unmet().get(0).anyOf());
        assertEquals(List.of(), unmet.obligations());

        Decision met = guard.decide(transfer().bases("basis-a").build());
        assertEquals(Outcome.ALLOW, met.outcome());
        assertEquals(List.of("p/need-a", "p/ok"), rules(met));
        assertEquals(List.of(Reason.Kind.MET, Reason.Kind.ALLOW), kinds(met));
        assertEquals(Set.of("record-keeping", "notify-dpo"), Set.copyOf(met.obligations()));
    }

    // ---- step 2: requirements and exemptions ----

    static final String TWO_REQUIREMENTS_ONE_EXEMPTION = """
            policy p "P"
              default allow

            rule need-a
              require basis-a
              because "RA"

            rule need-b
              require basis-b
              because "RB"

            rule audit-exemption
              exempt from [need-a] when purpose is statutory-audit
              because "E"
            """;

    @Test
    void exemptWaivesOnlyTheRequirementsItNames() {
        Guard guard = guard(TWO_REQUIREMENTS_ONE_EXEMPTION);
        Decision exempted = guard.decide(transfer().purpose("statutory-audit").build());
        assertEquals(Outcome.DENY, exempted.outcome());
        assertEquals(List.of("need-b"), unmetRules(exempted));
        assertTrue(rules(exempted).contains("p/audit-exemption"));
        assertFalse(rules(exempted).contains("p/need-a"), "a waived requirement takes no part: " + rules(exempted));
        assertEquals(List.of(Set.of("basis-b")), exempted.remedies());

        Decision allowed = guard.decide(transfer().purpose("statutory-audit").bases("basis-b").build());
        assertEquals(Outcome.ALLOW, allowed.outcome());
        assertEquals(List.of("p/audit-exemption", "p/need-b"), rules(allowed));
        assertEquals(List.of(Reason.Kind.EXEMPT, Reason.Kind.MET), kinds(allowed));
    }

    @Test
    void anExemptionThatDoesNotMatchWaivesNothing() {
        Decision d = guard(TWO_REQUIREMENTS_ONE_EXEMPTION).decide(transfer().build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("need-a", "need-b"), unmetRules(d));
        assertEquals(List.of(Set.of("basis-a", "basis-b")), d.remedies());
    }

    @Test
    void anExemptionThatMatchesCountsAsAMatchingRuleAgainstADenyDefault() {
        String pack = """
                policy p "P"
                  default deny

                rule need-a
                  require basis-a when destination is US
                  because "RA"

                rule audit-exemption
                  exempt from [need-a] when purpose is statutory-audit
                  because "E"
                """;
        Guard guard = guard(pack);
        Decision exempt = guard.decide(transfer().purpose("statutory-audit").build());
        assertEquals(Outcome.ALLOW, exempt.outcome(), exempt.explain());
        assertEquals(List.of("p/audit-exemption"), rules(exempt));
        Decision waived = guard.decide(transfer().destination("US").purpose("statutory-audit").build());
        assertEquals(Outcome.ALLOW, waived.outcome(), waived.explain());
        Decision nothing = guard.decide(transfer().build());
        assertEquals(Outcome.DENY, nothing.outcome());
        assertEquals(List.of("p/default"), rules(nothing));
    }

    @Test
    void requireOneOfIsMetByAnyOneOfItsBasesValidOnTheDate() {
        String pack = """
                policy p "P"
                  default allow

                rule need-ab
                  require one of [basis-a, basis-b]
                  because "R"
                """;
        Guard guard = guard(pack);
        Decision withB = guard.decide(transfer().bases("basis-b").build());
        assertEquals(Outcome.ALLOW, withB.outcome());
        assertEquals(List.of(Reason.Kind.MET), kinds(withB));
        assertTrue(guard.decide(transfer().bases("basis-a").build()).allowed());

        Decision withC = guard.decide(transfer().bases("basis-c").build());
        assertEquals(Outcome.DENY, withC.outcome());
        assertEquals(List.of(Reason.Kind.UNMET), kinds(withC));
        assertEquals(List.of("basis-a", "basis-b"), withC.unmet().get(0).anyOf());
        assertEquals("p", withC.unmet().get(0).pack());
        assertEquals("R", withC.unmet().get(0).because());

        LegalBasis expired = new LegalBasis("basis-a", null, DAY.minusDays(1));
        LegalBasis notYet = new LegalBasis("basis-b", DAY.plusDays(1), null);
        Decision invalid = guard.decide(transfer().basis(expired).basis(notYet).build());
        assertEquals(Outcome.DENY, invalid.outcome(), "bases outside their validity do not count");
        LegalBasis lastDay = new LegalBasis("basis-a", null, DAY);
        assertTrue(guard.decide(transfer().basis(lastDay).build()).allowed());
    }

    // ---- obligations ----

    @Test
    void obligationsComeFromAllowExemptAndMetRequirementsButNotFromWaivedOnes() {
        String pack = """
                policy p "P"
                  default allow

                rule need-a
                  require basis-a
                  oblige [record-keeping]
                  because "RA"

                rule need-b
                  require basis-b
                  oblige [encrypt]
                  because "RB"

                rule waive-b
                  exempt from [need-b]
                  oblige [notify-dpo]
                  because "E"

                rule ok
                  allow
                  oblige [log-access]
                  because "A"

                rule us-only
                  allow when destination is US
                  oblige [escalate]
                  because "A2"
                """;
        Decision d = guard(pack).decide(transfer().bases("basis-a").build());
        assertEquals(Outcome.ALLOW, d.outcome(), d.explain());
        assertEquals(Set.of("record-keeping", "notify-dpo", "log-access"), Set.copyOf(d.obligations()));
        assertEquals(3, d.obligations().size());
    }

    @Test
    void aDenyingPackContributesNoObligations() {
        String denying = """
                policy p-deny "Denies by an unmet requirement"
                  default allow

                rule need-a
                  require basis-a
                  oblige [record-keeping]
                  because "RA"

                rule need-b
                  require basis-b
                  oblige [encrypt]
                  because "RB"

                rule ok
                  allow
                  oblige [notify-dpo]
                  because "A"
                """;
        Decision alone = guard(denying).decide(transfer().bases("basis-b").build());
        assertEquals(Outcome.DENY, alone.outcome());
        assertEquals(List.of(), alone.obligations());

        String allowing = """
                policy p-allow "Allows"
                  default allow

                rule ok
                  allow
                  oblige [log-access]
                  because "A"
                """;
        Decision both = guard(denying, allowing).decide(transfer().bases("basis-b").build());
        assertEquals(Outcome.DENY, both.outcome());
        assertFalse(both.obligations().contains("record-keeping"), both.obligations().toString());
        assertFalse(both.obligations().contains("encrypt"), both.obligations().toString());
        assertFalse(both.obligations().contains("notify-dpo"), both.obligations().toString());
    }

    @Test
    void obligationsOfAllowingPacksAreCombinedOnce() {
        String first = """
                policy first "First"
                  default allow

                rule ok
                  allow
                  oblige [log-access, record-keeping]
                  because "A"
                """;
        String second = """
                policy second "Second"
                  default allow

                rule ok
                  allow
                  oblige [record-keeping, notify-dpo]
                  because "B"
                """;
        Decision d = guard(first, second).decide(transfer().build());
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(Set.of("log-access", "record-keeping", "notify-dpo"), Set.copyOf(d.obligations()));
        assertEquals(3, d.obligations().size());
    }

    // ---- step 4: the pack default ----

    @Test
    void packDefaultDecidesWhenNoRuleMatches() {
        String allowPack = """
                policy p "P"
                  default allow

                rule no-us
                  deny when destination is US
                  because "D"
                """;
        Decision allowed = guard(allowPack).decide(transfer().build());
        assertEquals(Outcome.ALLOW, allowed.outcome());
        assertEquals(List.of("p/default"), rules(allowed));
        assertEquals(Reason.Kind.DEFAULT, allowed.reasons().get(0).kind());
        assertEquals("no rule matched; policy default is allow", allowed.reasons().get(0).because());

        String denyPack = allowPack.replace("default allow", "default deny");
        Decision denied = guard(denyPack).decide(transfer().build());
        assertEquals(Outcome.DENY, denied.outcome());
        assertEquals(List.of("p/default"), rules(denied));
        assertEquals("no rule matched; policy default is deny", denied.reasons().get(0).because());
        assertEquals(List.of(), denied.remedies());
    }

    @Test
    void anAllowRuleKeepsAPackFromItsDenyDefault() {
        String pack = """
                policy p "P"
                  default deny

                rule with-x
                  allow when basis basis-x
                  because "A"
                """;
        Guard guard = guard(pack);
        assertTrue(guard.decide(transfer().bases("basis-x").build()).allowed());
        Decision without = guard.decide(transfer().build());
        assertEquals(Outcome.DENY, without.outcome());
        assertEquals(List.of(Set.of("basis-x")), without.remedies(), "the basis the allow rule asks for is the remedy");
    }

    @Test
    void aMetRequirementKeepsAPackFromItsDenyDefault() {
        String pack = """
                policy p "P"
                  default deny

                rule need-a
                  require basis-a when destination is US
                  oblige [record-keeping]
                  because "R"
                """;
        Guard guard = guard(pack);
        Decision met = guard.decide(transfer().destination("US").bases("basis-a").build());
        assertEquals(Outcome.ALLOW, met.outcome(), met.explain());
        assertEquals(List.of("record-keeping"), met.obligations());
        Decision unmatched = guard.decide(transfer().bases("basis-a").build());
        assertEquals(Outcome.DENY, unmatched.outcome());
        assertEquals(List.of("p/default"), rules(unmatched));
    }

    // ---- across packs ----

    @Test
    void withNoPackInScopeTheBundleDefaultDecides() {
        String pack = """
                policy p "P"
                  applies when origin is HK
                  default deny
                """;
        Decision allow = guardWithDefault("allow", pack).decide(transfer().build());
        assertEquals(Outcome.ALLOW, allow.outcome());
        assertEquals(List.of("bundle/default"), rules(allow));
        assertEquals("no policy applies; bundle default is allow", allow.reasons().get(0).because());
        assertEquals("vocabulary.guard:" + (VOCABULARY.lines().count() + 1), allow.reasons().get(0).source());

        Decision deny = guardWithDefault("deny", pack).decide(transfer().build());
        assertEquals(Outcome.DENY, deny.outcome());
        assertEquals(List.of("bundle/default"), rules(deny));
        assertEquals(List.of(), deny.remedies());
    }

    @Test
    void withoutABundleDefaultDeclaredTheBundleDenies() {
        String pack = """
                policy p "P"
                  applies when origin is HK
                  default allow
                """;
        Guard guard = guardWithDefault(null, pack);
        Decision d = guard.decide(transfer().build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("bundle/default"), rules(d));
        assertEquals("no policy applies; bundle default is deny", d.reasons().get(0).because());
        assertTrue(guard.decide(transfer().origin("HK").build()).allowed(), "a pack in scope decides instead");
    }

    @Test
    void everyPackInScopeMustAllow() {
        String allowing = """
                policy a "A"
                  default allow

                rule ok
                  allow
                  oblige [log-access]
                  because "A"
                """;
        String denying = """
                policy b "B"
                  applies when destination is US
                  default allow

                rule no-us
                  deny
                  because "B"
                """;
        String outOfScope = """
                policy c "C"
                  applies when origin is HK
                  default deny
                """;
        Guard guard = guard(allowing, denying, outOfScope);
        Decision us = guard.decide(transfer().destination("US").build());
        assertEquals(Outcome.DENY, us.outcome());
        assertEquals(List.of("a/ok", "b/no-us"), rules(us));

        Decision sg = guard.decide(transfer().build());
        assertEquals(Outcome.ALLOW, sg.outcome());
        assertEquals(List.of("a/ok"), rules(sg), "packs out of scope take no part");
        assertEquals(List.of("log-access"), sg.obligations());
    }

    @Test
    void aPackInScopeWithADenyDefaultDeniesEvenWhenOthersAllow() {
        String allowing = """
                policy a "A"
                  default allow

                rule ok
                  allow
                  because "A"
                """;
        String strict = """
                policy b "B"
                  default deny
                """;
        Decision d = guard(allowing, strict).decide(transfer().build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("a/ok", "b/default"), rules(d));
    }

    @Test
    void unmetRequirementsOfEveryPackAreListed() {
        String first = """
                policy a "A"
                  default allow

                rule need-a
                  require basis-a
                  because "A"
                """;
        String second = """
                policy b "B"
                  default allow

                rule need-b
                  require basis-b
                  because "B"
                """;
        Decision d = guard(first, second).decide(transfer().build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("a/need-a", "b/need-b"),
                d.unmet().stream().map(r -> r.pack() + "/" + r.rule()).toList());
        assertEquals(List.of(Set.of("basis-a", "basis-b")), d.remedies());
    }

    // ---- remedies ----

    @Test
    void remediesAreTheMinimalSetsOfBases() {
        String pack = """
                policy p "P"
                  default allow

                rule need-ab
                  require one of [basis-a, basis-b]
                  because "R1"

                rule need-bc
                  require one of [basis-b, basis-c]
                  because "R2"
                """;
        Decision d = guard(pack).decide(transfer().build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of("need-ab", "need-bc"), unmetRules(d));
        assertEquals(2, d.remedies().size(), d.remedies().toString());
        assertEquals(Set.of("basis-b"), d.remedies().get(0), "smaller sets first");
        assertEquals(Set.of("basis-a", "basis-c"), d.remedies().get(1));
    }

    @Test
    void remediesLeaveOutBasesAlreadyOnFile() {
        String pack = """
                policy p "P"
                  default allow

                rule need-ab
                  require one of [basis-a, basis-b]
                  because "R1"

                rule need-c
                  require basis-c
                  because "R2"
                """;
        Decision d = guard(pack).decide(transfer().bases("basis-a").build());
        assertEquals(List.of("need-c"), unmetRules(d));
        assertEquals(List.of(Set.of("basis-c")), d.remedies());
    }

    @Test
    void aDenyRuleWithNotBasisHasThatBasisAsItsRemedy() {
        String pack = """
                policy p "P"
                  default allow

                rule foreign-justice
                  deny when destination is US and not basis basis-x
                  because "D"
                """;
        Decision d = guard(pack).decide(transfer().destination("US").build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of(), d.unmet());
        assertEquals(List.of(Set.of("basis-x")), d.remedies());
    }

    @Test
    void remediesSpanPacks() {
        String first = """
                policy a "A"
                  default allow

                rule need-a
                  require basis-a
                  because "A"
                """;
        String second = """
                policy b "B"
                  default allow

                rule unless-x
                  deny when not basis basis-x
                  because "B"
                """;
        Decision d = guard(first, second).decide(transfer().build());
        assertEquals(List.of(Set.of("basis-a", "basis-x")), d.remedies());
    }

    @Test
    void aBasisThatWouldTriggerADenyIsNoRemedy() {
        String pack = """
                policy p "P"
                  default allow

                rule need-one
                  require one of [basis-x, basis-a]
                  because "R"

                rule not-with-x
                  deny when basis basis-x
                  because "D"
                """;
        Decision d = guard(pack).decide(transfer().build());
        assertEquals(List.of("need-one"), unmetRules(d));
        assertEquals(List.of(Set.of("basis-a")), d.remedies());
    }

    @Test
    void noRemedyWhenNoBasisHelps() {
        String pack = """
                policy p "P"
                  default allow

                rule no-us
                  deny when destination is US
                  because "D"

                rule need-a
                  require basis-a
                  because "R"
                """;
        String other = """
                policy q "Q"
                  default allow

                rule no-us-either
                  deny when destination is US
                  because "D2"
                """;
        Decision d = guard(pack, other).decide(transfer().destination("US").build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of(), d.remedies());
        assertTrue(d.explain().endsWith("; no legal basis would make it allowed"), d.explain());
    }

    @Test
    void remediesHaveAtMostThreeBasesAndTheExplanationDoesNotClaimThatNoBasisWouldDo() {
        String pack = """
                policy p "P"
                  default allow

                rule need-a
                  require basis-a
                  because "A"

                rule need-b
                  require basis-b
                  because "B"

                rule need-c
                  require basis-c
                  because "C"

                rule need-d
                  require basis-d
                  because "D"
                """;
        Guard guard = guard(pack);
        Decision four = guard.decide(transfer().build());
        assertEquals(List.of("need-a", "need-b", "need-c", "need-d"), unmetRules(four));
        assertEquals(List.of(), four.remedies(), "four bases are needed: more than a remedy holds");
        assertFalse(four.explain().contains("no legal basis would make it allowed"), four.explain());
        assertTrue(four.explain().endsWith("; no set of up to three legal bases would make it allowed"),
                four.explain());
        assertTrue(guard.decide(transfer().bases("basis-a", "basis-b", "basis-c", "basis-d").build()).allowed());

        Decision three = guard.decide(transfer().bases("basis-a").build());
        assertEquals(List.of(Set.of("basis-b", "basis-c", "basis-d")), three.remedies());
    }

    // ---- explanations ----

    @Test
    void explainNamesTheRulesTheUnmetBasesAndTheRemedies() {
        String pack = """
                policy p "P"
                  default allow

                rule need-ab
                  require one of [basis-a, basis-b]
                  oblige [record-keeping]
                  because "Art. 1"

                rule need-c
                  require basis-c
                  because "Art. 2"
                """;
        Guard guard = guard(pack);
        Decision denied = guard.decide(transfer().build());
        assertEquals("denied by p/need-ab (Art. 1), p/need-c (Art. 2); p/need-ab needs one of basis-a, basis-b;"
                + " p/need-c needs basis-c; it would be allowed with basis-a + basis-c or basis-b + basis-c",
                denied.explain());
        assertEquals("p1.guard:4", denied.reasons().get(0).source());

        Decision allowed = guard.decide(transfer().bases("basis-b", "basis-c").build());
        assertEquals("allowed by p/need-ab (Art. 1), p/need-c (Art. 2); obligations: record-keeping",
                allowed.explain());

        Decision partly = guard.decide(transfer().bases("basis-b").build());
        assertEquals("denied by p/need-c (Art. 2); p/need-c needs basis-c; it would be allowed with basis-c",
                partly.explain(), "a met requirement is not a reason for the denial");
    }

    @Test
    void explainOfADenyRuleAndOfTheBundleDefault() {
        String pack = """
                policy p "P"
                  applies when origin is CN
                  default allow

                rule no-us
                  deny when destination is US
                  because "Art. 3"
                """;
        Guard guard = guard(pack);
        assertEquals("denied by p/no-us (Art. 3); no legal basis would make it allowed",
                guard.decide(transfer().destination("US").build()).explain());
        assertEquals("allowed by p/default (no rule matched; policy default is allow)",
                guard.decide(transfer().build()).explain());
        assertEquals("allowed by bundle/default (no policy applies; bundle default is allow)",
                guard.decide(transfer().origin("HK").build()).explain());
    }

    @Test
    void enforceThrowsADenialThatCarriesTheDecision() {
        String pack = """
                policy p "P"
                  default allow

                rule foreign-justice
                  deny when destination is US and not basis basis-x
                  because "DSL Art. 36"
                """;
        Guard guard = guard(pack);
        Transfer us = transfer().destination("US").build();
        TransferDeniedException e = assertThrows(TransferDeniedException.class, () -> guard.enforce(us));
        assertEquals("Transfer denied by p/foreign-justice (DSL Art. 36); it would be allowed with basis-x",
                e.getMessage());
        assertEquals(Outcome.DENY, e.decision().outcome());
        assertEquals(guard.decide(us), e.decision());

        Decision allowed = guard.enforce(transfer().destination("US").bases("basis-x").build());
        assertTrue(allowed.allowed());
    }

    @Test
    void previewDecidesLikeDecide() {
        Guard guard = guard(TWO_REQUIREMENTS_ONE_EXEMPTION);
        Transfer t = transfer().purpose("statutory-audit").build();
        assertEquals(guard.decide(t), guard.preview(t));
        assertSame(Outcome.DENY, guard.preview(t).outcome());
    }

    @Test
    void aDenyRuleThatNamesNoBasisLeavesNoRemedyEvenBesideAnUnmetRequirement() {
        String pack = """
                policy p "P"
                  default allow

                rule need-a
                  require basis-a
                  because "R"

                rule no-us
                  deny when destination is US
                  because "D"
                """;
        Decision d = guard(pack).decide(transfer().destination("US").build());
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(List.of(), d.remedies(), "no set of bases lifts the deny rule");
        assertTrue(d.explain().endsWith("no legal basis would make it allowed"), d.explain());
    }

    @Test
    void aTransferRejectedHalfwayLeavesNothingInTheNextDecision() {
        String pack = """
                policy p "P"
                  default allow

                rule no-german-citizens
                  deny when any citizenship in [DE]
                  because "D"
                """;
        Guard g = guard(pack);
        // Residence stated, so that an empty citizenship is known to be empty (an unstated residence is unknown).
        Transfer none = transfer().subjects(new Subjects(List.of("FR"), List.of(), 3, List.of())).build();
        assertEquals(Outcome.ALLOW, g.decide(none).outcome());
        Transfer bad = transfer().subjects(new Subjects(List.of("FR"), List.of("DE", "XX"), 3, List.of())).build();
        assertThrows(dev.transferguard.InvalidTransferException.class, () -> g.decide(bad));
        assertEquals(Outcome.ALLOW, g.decide(none).outcome(), "no citizenship left over from the rejected transfer");
        Transfer german = transfer().subjects(new Subjects(List.of("FR"), List.of("DE"), 3, List.of())).build();
        assertEquals(Outcome.DENY, g.decide(german).outcome());
        assertEquals(Outcome.ALLOW, g.decide(none).outcome());
    }
}
