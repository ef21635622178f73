package dev.transferguard.policy.internal.check;

import dev.transferguard.Action;
import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.SourceFile;
import dev.transferguard.policy.internal.syntax.Token;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resolved policies: every name checked, groups expanded, conditions typed. Both the compiled evaluator
 * and the reference interpreter work from this form.
 */
public final class Model {

    /** The codes of {@link Action}, as conditions name them. */
    public static final Set<String> ACTIONS = Arrays.stream(Action.values()).map(Action::code)
            .collect(Collectors.toUnmodifiableSet());

    private Model() {
    }

    /** Everything the bundle declares for transfers to use. */
    public record Vocabulary(
            Map<String, String> categoryParents,
            Map<String, Set<String>> groups,
            Set<String> bases,
            Set<String> recipientKinds,
            Set<String> transactions,
            Set<String> purposes,
            Set<String> obligations,
            Map<String, Attribute> attributes,
            Map<String, Calendar> calendars,
            Map<String, String> meanings) {

        /**
         * Whether {@code category} is {@code ancestor} or below it.
         *
         * @param category a declared category
         * @param ancestor a declared category
         * @return {@code true} if {@code category} is subsumed by {@code ancestor}
         */
        public boolean isUnder(String category, String ancestor) {
            for (String c = category; c != null; c = categoryParents.get(c)) {
                if (c.equals(ancestor)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A declared attribute of the exporting entity, e.g. {@code entity.ciio}. */
    public record Attribute(String name, Ast.AttributeType type, Set<String> values) {

        /** The key in the transfer's {@code entity} object: the name without {@code entity.}. */
        public String key() {
            return name.substring("entity.".length());
        }
    }

    /**
     * A country's production calendar between two dates: Monday to Friday are working days except
     * {@code nonWorking}, Saturday and Sunday are not except {@code working}. Outside the dates it is not known.
     */
    public record Calendar(String jurisdiction, LocalDate from, LocalDate to, Set<LocalDate> nonWorking,
            Set<LocalDate> working) {

        /**
         * Whether a day inside the calendar is a working day.
         *
         * @param day a day between {@code from} and {@code to}
         * @return {@code true} if it is worked
         */
        public boolean isWorkingDay(LocalDate day) {
            boolean weekend = day.getDayOfWeek().getValue() >= 6;
            return weekend ? working.contains(day) : !nonWorking.contains(day);
        }
    }

    /** A whole bundle. */
    public record Bundle(
            Vocabulary vocabulary, List<Pack> packs, List<TestCase> tests, boolean defaultAllow, String defaultSource,
            String digest, List<SourceFile> files, Map<String, Pos> declaredAt) {

        /**
         * Where a declaration is, e.g. {@code declaration("obligation", "record-keeping")}.
         *
         * @param space the kind of declaration, as the resolver names it
         * @param name  the declared name
         * @return its place, or {@code null}
         */
        public Pos declaration(String space, String name) {
            return declaredAt.get(space + ":" + name);
        }
    }

    /** A policy pack. */
    public record Pack(
            String id, String title, String version, Cond scope, boolean defaultAllow, List<Counter> counters,
            List<Rule> rules, Pos pos) {
    }

    /** What a rule does. */
    public enum Effect { DENY, REQUIRE, EXEMPT, ALLOW }

    /** A rule; {@code names} are the bases of a REQUIRE or the rule ids an EXEMPT waives. */
    public record Rule(
            String pack, String id, Effect effect, List<String> names, Cond when, List<String> obligations,
            String because, Pos pos) {
    }

    /** A volume counter of distinct subjects. */
    public record Counter(
            String pack, String name, Set<String> of, Set<String> except, Cond where, Ast.WindowKind window,
            long length, boolean perCounterparty, Pos pos) {

        /** The store key: {@code pack/name}. */
        public String key() {
            return pack + "/" + name;
        }

        /**
         * The first day inside the window that ends on {@code date}.
         *
         * @param date the transfer's date
         * @return the first day counted
         */
        public LocalDate windowStart(LocalDate date) {
            return switch (window) {
                case CALENDAR_YEAR -> date.withDayOfYear(1);
                case MONTHS -> date.minusMonths(length).plusDays(1);
                case DAYS -> date.minusDays(length).plusDays(1);
            };
        }
    }

    /** A test beside a pack. */
    public record TestCase(
            String pack, String name, Pos pos, Token given, List<Token> history, List<Ast.Expect> expects) {
    }

    /** The transfer fields with jurisdiction values. */
    public enum JField { ORIGIN, DESTINATION, RECIPIENT_JURISDICTION }

    /** The transfer fields with enumerated values. */
    public enum VField { ACTION, RECIPIENT_KIND, TRANSACTION, PURPOSE, ATTRIBUTE }

    /** The transfer fields that list jurisdictions of people. */
    public enum PField { RESIDENCE, CITIZENSHIP }

    /** Comparison operators. */
    public enum Cmp {
        LT, LE, GT, GE, EQ, NE;

        /** Applies the operator. */
        public boolean test(long left, long right) {
            return switch (this) {
                case LT -> left < right;
                case LE -> left <= right;
                case GT -> left > right;
                case GE -> left >= right;
                case EQ -> left == right;
                case NE -> left != right;
            };
        }
    }

    /** A typed condition. */
    public sealed interface Cond permits Const, And, Or, Not, JurisdictionIn, ValueIn, CategoryQuant, PeopleQuant,
            NumberCmp, CountCmp, Flag, HasBasis, SinceCmp, DateCmp, SameJurisdiction {
        Pos pos();
    }

    /** Always or never. */
    public record Const(boolean value, Pos pos) implements Cond {
    }

    /** Conjunction. */
    public record And(List<Cond> parts, Pos pos) implements Cond {
    }

    /** Disjunction. */
    public record Or(List<Cond> parts, Pos pos) implements Cond {
    }

    /** Negation. */
    public record Not(Cond part, Pos pos) implements Cond {
    }

    /** A jurisdiction field is one of the codes. */
    public record JurisdictionIn(JField field, Set<String> codes, Pos pos) implements Cond {
    }

    /** Two jurisdiction fields name the same jurisdiction, e.g. {@code destination is origin}. */
    public record SameJurisdiction(JField left, JField right, Pos pos) implements Cond {
    }

    /** An enumerated field has one of the values; an absent value matches nothing. */
    public record ValueIn(VField field, String attribute, Set<String> values, Pos pos) implements Cond {
    }

    /** Some (or every) category of the transfer is at or below one of the named categories. */
    public record CategoryQuant(boolean every, Set<String> categories, Pos pos) implements Cond {
    }

    /** Some (or every) subject residence or citizenship is one of the codes. */
    public record PeopleQuant(boolean every, PField field, Set<String> codes, Pos pos) implements Cond {
    }

    /** {@code subjects.count} or a number attribute compared with a constant. */
    public record NumberCmp(String attribute, Cmp op, long value, Pos pos) implements Cond {
        /** Whether this compares {@code subjects.count} rather than an attribute. */
        public boolean subjectsCount() {
            return attribute == null;
        }
    }

    /** A counter's value (the current transfer included) compared with a constant. */
    public record CountCmp(Counter counter, Cmp op, long value, Pos pos) implements Cond {
    }

    /** A boolean field: {@code recipient.coveredPerson} (attribute {@code null}) or a boolean attribute. */
    public record Flag(String attribute, Pos pos) implements Cond {
    }

    /** A basis is on file and valid on the transfer's date. */
    public record HasBasis(String basis, Pos pos) implements Cond {
    }

    /**
     * Days (or working days: Monday to Friday, or those of a declared {@code calendar}) from a basis's
     * {@code since} to the transfer's date; {@code calendar} is {@code null} for plain days and weekdays.
     */
    public record SinceCmp(boolean workingDays, Calendar calendar, String basis, Cmp op, long value, Pos pos)
            implements Cond {
    }

    /** The transfer's date compared with a constant date. */
    public record DateCmp(Cmp op, LocalDate value, Pos pos) implements Cond {
    }
}
