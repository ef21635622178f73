package dev.transferguard.policy.internal.syntax;

import java.util.List;

/** The syntax tree of a policy file, as written: names are not resolved yet. */
public final class Ast {

    private Ast() {
    }

    /** A name as written, with its place. */
    public record Name(String text, Pos pos) {
    }

    /** Everything one file declares. */
    public record FileNode(
            SourceFile file, List<Decl> decls, PackHeader pack, List<CounterDecl> counters, List<RuleDecl> rules,
            List<TestDecl> tests) {
    }

    /** A bundle-wide declaration. */
    public sealed interface Decl permits CategoryDecl, GroupDecl, TermDecl, AttributeDecl, BundleDefault, CalendarDecl {
        Pos pos();
    }

    /** {@code category personal.contact "meaning"}. */
    public record CategoryDecl(Name name, String meaning, Pos pos) implements Decl {
    }

    /** {@code group EEA = [AT, BE, ...] "meaning"}. */
    public record GroupDecl(Name name, List<Name> members, String meaning, Pos pos) implements Decl {
    }

    /** A plain vocabulary term: basis, recipient-kind, transaction, purpose or obligation. */
    public record TermDecl(Term term, Name name, String meaning, Pos pos) implements Decl {
    }

    /** The kinds of plain vocabulary terms, with their keyword. */
    public enum Term {
        BASIS("basis", "legal basis"),
        RECIPIENT_KIND("recipient-kind", "recipient kind"),
        TRANSACTION("transaction", "transaction"),
        PURPOSE("purpose", "purpose"),
        OBLIGATION("obligation", "obligation");

        public final String keyword;
        public final String noun;

        Term(String keyword, String noun) {
            this.keyword = keyword;
            this.noun = noun;
        }
    }

    /** {@code attribute entity.ciio boolean "meaning"}. */
    public record AttributeDecl(Name name, AttributeType type, List<Name> values, String meaning, Pos pos) implements Decl {
    }

    /** The value types of declared attributes. */
    public enum AttributeType { BOOLEAN, NUMBER, ENUM }

    /**
     * {@code calendar RU "meaning" from D to D non-working [D, ...] working [D, ...]}: a country's production
     * calendar, the weekdays off and the weekend days worked between two dates.
     */
    public record CalendarDecl(Name jurisdiction, String meaning, Token from, Token to, List<Token> nonWorking,
            List<Token> working, Pos pos) implements Decl {
    }

    /** {@code bundle default allow}: the decision when no pack's scope applies. */
    public record BundleDefault(Name effect, Pos pos) implements Decl {
    }

    /** {@code policy id "title" version V applies when C default allow}. */
    public record PackHeader(Name id, String title, String version, Expr scope, Name defaultEffect, Pos pos) {
    }

    /** {@code counter name = distinct subjects of [...] except [...] where C per W [per counterparty]}. */
    public record CounterDecl(Name name, List<Name> of, List<Name> except, Expr where, Window window,
            boolean perCounterparty, Pos pos) {
    }

    /** A counting window. */
    public record Window(WindowKind kind, long length, Pos pos) {
    }

    /** The kinds of counting windows. */
    public enum WindowKind { CALENDAR_YEAR, MONTHS, DAYS }

    /** A rule. */
    public record RuleDecl(Name id, Effect effect, Expr when, List<Name> obligations, String because, Pos pos) {
    }

    /** What a rule does, with the names it takes (bases for require, rules for exempt). */
    public record Effect(EffectKind kind, List<Name> names, Pos pos) {
    }

    /** The kinds of rule effects. */
    public enum EffectKind { DENY, REQUIRE, EXEMPT, ALLOW }

    /** A test beside the pack. */
    public record TestDecl(String name, Pos pos, Token given, List<Token> history, List<Expect> expects) {
    }

    /** One expectation of a test. */
    public record Expect(ExpectKind kind, List<Name> names, Pos pos) {
    }

    /** The kinds of test expectations. */
    public enum ExpectKind { ALLOW, DENY, RULE, NO_RULE, UNMET, OBLIGATION }

    /** A condition. */
    public sealed interface Expr permits And, Or, Not, Bool, In, Quant, Compare, HasBasis, Flag {
        Pos pos();
    }

    /** All of the parts hold. */
    public record And(List<Expr> parts, Pos pos) implements Expr {
    }

    /** Any of the parts holds. */
    public record Or(List<Expr> parts, Pos pos) implements Expr {
    }

    /** The part does not hold. */
    public record Not(Expr part, Pos pos) implements Expr {
    }

    /** {@code true} or {@code false}. */
    public record Bool(boolean value, Pos pos) implements Expr {
    }

    /** {@code field in [a, b]}, {@code field not in G}, {@code field is a}. */
    public record In(Name field, boolean negated, List<Name> set, Pos pos) implements Expr {
    }

    /** {@code any category in [...]} or {@code every residence in G}. */
    public record Quant(boolean every, Name field, List<Name> set, Pos pos) implements Expr {
    }

    /** {@code left op right}: numbers, counts, days since a basis, dates. */
    public record Compare(Operand left, Token.Kind op, Token right, Pos pos) implements Expr {
    }

    /** {@code basis cac-standard-contract}: a basis on file and valid on the transfer's date. */
    public record HasBasis(Name basis, Pos pos) implements Expr {
    }

    /** A boolean field, e.g. {@code entity.ciio}. */
    public record Flag(Name field, Pos pos) implements Expr {
    }

    /** The left side of a comparison. */
    public sealed interface Operand permits FieldOperand, CountOperand, SinceOperand, DateOperand {
        Pos pos();
    }

    /** A numeric field. */
    public record FieldOperand(Name field, Pos pos) implements Operand {
    }

    /** {@code count(counter)}. */
    public record CountOperand(Name counter, Pos pos) implements Operand {
    }

    /**
     * {@code days since basis b}, {@code working-days since basis b} or {@code working-days(CC) since basis b};
     * {@code calendar} is the {@code CC}, or {@code null}.
     */
    public record SinceOperand(boolean workingDays, Name calendar, Name basis, Pos pos) implements Operand {
    }

    /** {@code date}. */
    public record DateOperand(Pos pos) implements Operand {
    }
}
