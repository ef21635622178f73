package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Guard;
import dev.transferguard.Outcome;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LintTest {

    private static final String VOCABULARY = """
            category personal "people"
            category personal.contact "contact"
            category personal.sensitive "sensitive"
            basis consent "consent"
            basis contract "contract"
            basis approval "approval"
            recipient-kind commercial "company"
            recipient-kind court "court"
            obligation keep-records "keep records"
            obligation notify "notify"
            group EU = [DE, FR, IT] "some"
            attribute entity.ciio boolean "operator"
            """;

    private static List<Diagnostic> lint(String rules) {
        String pack = """
                policy p "test pack"
                  applies when origin in CN
                  default allow
                """ + rules;
        return PolicyBundle.of(Map.of("v.guard", VOCABULARY, "p.guard", pack)).lint();
    }

    private static Diagnostic only(List<Diagnostic> findings) {
        assertEquals(1, findings.size(), findings.toString());
        Diagnostic d = findings.get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertEquals("p.guard", d.file());
        return d;
    }

    @Test
    void aCleanPackHasNoFindings() {
        assertEquals(List.of(), lint("""
                rule courts
                  deny when recipient.kind is court and not basis approval
                  because "a"
                rule consent
                  require consent when any category in personal
                  oblige [keep-records, notify]
                  because "b"
                rule eu-only-with-contract
                  require contract when destination in EU and destination not in [DE]
                  because "c"
                """));
    }

    @Test
    void aContradictoryRuleCanNeverMatch() {
        Diagnostic d = only(lint("""
                rule dead
                  deny when destination in EU and destination not in [DE, FR, IT]
                  because "a"
                """ + USE_OBLIGATIONS));
        assertEquals("rule 'dead' can never match: its condition contradicts itself or the policy's scope",
                d.message());
        assertEquals(4, d.line());
        assertEquals(6, d.column());
    }

    @Test
    void aRuleOutsideItsPacksScopeCanNeverMatch() {
        Diagnostic d = only(lint("""
                rule elsewhere
                  deny when origin is DE
                  because "a"
                """ + USE_OBLIGATIONS));
        assertTrue(d.message().startsWith("rule 'elsewhere' can never match"), d.message());
    }

    @Test
    void numberRangesThatCannotMeetAreDeadWhereALeftOutCountCannotHelp() {
        Diagnostic d = only(lint("""
                rule impossible-count
                  allow when subjects.count > 100 and subjects.count <= 100
                  because "a"
                """ + USE_OBLIGATIONS));
        assertTrue(d.message().startsWith("rule 'impossible-count' can never match"), d.message());
    }

    @Test
    void aRestrictingRuleWhoseFactsContradictOnlyWhenKnownMatchesATransferThatLeavesThemOut() {
        String rules = """
                rule undecided
                  deny when entity.ciio and not entity.ciio
                  because "a"
                """ + USE_OBLIGATIONS;
        assertEquals(List.of(), lint(rules));
        PolicyBundle bundle = PolicyBundle.of(Map.of("v.guard", VOCABULARY, "p.guard", """
                policy p "test pack"
                  applies when origin in CN
                  default allow
                """ + rules));
        Transfer silent = Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("CN").destination("DE")
                .categories("personal").build();
        assertEquals(Outcome.DENY, Guard.builder().policies(bundle).build().preview(silent).outcome());
        Diagnostic d = only(lint("""
                rule never
                  allow when entity.ciio and not entity.ciio
                  because "a"
                """ + USE_OBLIGATIONS));
        assertTrue(d.message().startsWith("rule 'never' can never match"), d.message());
    }

    @Test
    void anAllowRuleUnderADenyRuleIsShadowed() {
        Diagnostic d = only(lint("""
                rule courts
                  deny when recipient.kind is court
                  because "a"
                rule courts-with-approval
                  allow when recipient.kind is court and basis approval
                  oblige [keep-records, notify]
                  because "b"
                """));
        assertEquals("rule 'courts-with-approval' is shadowed by deny rule 'courts': whenever it matches, 'courts' "
                + "denies", d.message());
        assertEquals("see p.guard:4", d.hint());
    }

    @Test
    void aDenyRuleCoveredByAnEarlierOneIsShadowed() {
        Diagnostic d = only(lint("""
                rule all-courts
                  deny when recipient.kind is court
                  because "a"
                rule eu-courts
                  deny when recipient.kind is court and destination in EU
                  because "b"
                """ + USE_OBLIGATIONS));
        assertTrue(d.message().startsWith("rule 'eu-courts' is shadowed by rule 'all-courts'"), d.message());
    }

    @Test
    void aRequirementThatExcludesItsOwnBasesCanNeverBeMet() {
        Diagnostic d = only(lint("""
                rule circular
                  require one of [consent, contract] when not basis consent and not basis contract
                  because "a"
                """ + USE_OBLIGATIONS));
        assertEquals("requirement 'circular' can never be met: whenever it applies, none of [consent, contract] "
                + "can be on file", d.message());
    }

    @Test
    void aWeakerRequirementUnderAStricterOneIsShadowed() {
        Diagnostic d = only(lint("""
                rule strict
                  require consent when any category in personal
                  because "a"
                rule lenient
                  require one of [consent, contract] when any category in personal.contact
                  because "b"
                """ + USE_OBLIGATIONS));
        assertTrue(d.message().startsWith("requirement 'lenient' is shadowed by 'strict'"), d.message());
    }

    @Test
    void aRequirementThatAnExemptionWaivesAloneIsNotShadowed() {
        assertEquals(List.of(), lint("""
                rule strict
                  require consent when any category in personal
                  because "a"
                rule lenient
                  require one of [consent, contract] when any category in personal.contact
                  because "b"
                rule ciio-exemption
                  exempt from strict when entity.ciio
                  because "c"
                """ + USE_OBLIGATIONS));
    }

    @Test
    void unusedCountersAndObligationsAreReported() {
        List<Diagnostic> findings = lint("""
                counter unused = distinct subjects of personal per calendar-year
                rule consent
                  require consent
                  oblige [keep-records]
                  because "a"
                """);
        assertEquals(List.of("counter 'unused' is never used by a rule of 'p'",
                "obligation 'notify' is declared but no rule imposes it"),
                findings.stream().map(Diagnostic::message).toList());
        assertEquals("v.guard", findings.get(1).file());
        assertEquals(10, findings.get(1).line());
    }

    @Test
    void aPackWhoseScopeNeverHoldsIsReported() {
        List<Diagnostic> findings = PolicyBundle.of(Map.of("v.guard", VOCABULARY, "p.guard", """
                policy p "never"
                  applies when origin is CN and origin is DE
                  default allow
                rule r
                  deny
                  oblige [keep-records, notify]
                  because "a"
                """)).lint();
        assertEquals(List.of("policy 'p' never applies: its 'applies when' can never hold"),
                findings.stream().map(Diagnostic::message).toList());
    }

    /** A rule that uses both obligations, so that tests about other findings see only theirs. */
    private static final String USE_OBLIGATIONS = """
            rule obligations
              allow when recipient.kind is commercial
              oblige [keep-records, notify]
              because "z"
            """;
}
