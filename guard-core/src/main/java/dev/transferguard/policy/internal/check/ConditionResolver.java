package dev.transferguard.policy.internal.check;

import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Names;
import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.Problems;
import dev.transferguard.policy.internal.syntax.Token;
import dev.transferguard.policy.internal.syntax.Ast.*;
import dev.transferguard.policy.internal.check.Model.Cmp;
import dev.transferguard.policy.internal.check.Model.Cond;
import dev.transferguard.policy.internal.check.Model.JField;
import dev.transferguard.policy.internal.check.Model.PField;
import dev.transferguard.policy.internal.check.Model.VField;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves the conditions of scopes, counters and rules against the declared vocabulary. */
abstract class ConditionResolver extends Declarations {

    private static final List<String> FIELDS = List.of("origin", "destination", "recipient.jurisdiction",
            "recipient.kind", "recipient.coveredPerson", "action", "transaction", "purpose", "subjects.count");
    private static final List<String> QUANTIFIED = List.of("category", "residence", "citizenship");

    /** Counters of the pack being resolved, for count(...). */
    Map<String, Model.Counter> packCounters = Map.of();

    ConditionResolver(Problems problems) {
        super(problems);
    }

    /** Resolves a condition; {@code countsAllowed} is false inside counter filters. */
    Cond cond(Expr e, boolean countsAllowed) {
        if (e instanceof Ast.And a) {
            return new Model.And(a.parts().stream().map(x -> cond(x, countsAllowed)).toList(), a.pos());
        } else if (e instanceof Ast.Or o) {
            return new Model.Or(o.parts().stream().map(x -> cond(x, countsAllowed)).toList(), o.pos());
        } else if (e instanceof Ast.Not n) {
            return new Model.Not(cond(n.part(), countsAllowed), n.pos());
        } else if (e instanceof Ast.Bool b) {
            return new Model.Const(b.value(), b.pos());
        } else if (e instanceof Ast.In in) {
            Cond c = membership(in);
            return in.negated() ? new Model.Not(c, in.pos()) : c;
        } else if (e instanceof Ast.Quant q) {
            return quantified(q);
        } else if (e instanceof Ast.Compare c) {
            return comparison(c, countsAllowed);
        } else if (e instanceof Ast.HasBasis h) {
            basis(h.basis());
            return new Model.HasBasis(h.basis().text(), h.pos());
        } else if (e instanceof Ast.Flag f) {
            return flag(f);
        }
        throw new IllegalStateException("unhandled condition " + e.getClass().getSimpleName());
    }

    static JField jurisdictionField(String name) {
        switch (name) {
            case "origin":
                return JField.ORIGIN;
            case "destination":
                return JField.DESTINATION;
            case "recipient.jurisdiction":
                return JField.RECIPIENT_JURISDICTION;
            default:
                return null;
        }
    }

    Cond membership(Ast.In in) {
        String field = in.field().text();
        Pos pos = in.pos();
        JField left = jurisdictionField(field);
        JField right = in.set().size() == 1 ? jurisdictionField(in.set().get(0).text()) : null;
        if (left != null && right != null) {
            return new Model.SameJurisdiction(left, right, pos);
        }
        switch (field) {
            case "origin":
                return new Model.JurisdictionIn(JField.ORIGIN, jurisdictions(in.set()), pos);
            case "destination":
                return new Model.JurisdictionIn(JField.DESTINATION, jurisdictions(in.set()), pos);
            case "recipient.jurisdiction":
                return new Model.JurisdictionIn(JField.RECIPIENT_JURISDICTION, jurisdictions(in.set()), pos);
            case "action":
                return new Model.ValueIn(VField.ACTION, null, values(in.set(), Model.ACTIONS, "action"), pos);
            case "recipient.kind":
                return new Model.ValueIn(VField.RECIPIENT_KIND, null,
                        values(in.set(), terms.get(Term.RECIPIENT_KIND), "recipient kind"), pos);
            case "transaction":
                return new Model.ValueIn(VField.TRANSACTION, null,
                        values(in.set(), terms.get(Term.TRANSACTION), "transaction"), pos);
            case "purpose":
                return new Model.ValueIn(VField.PURPOSE, null, values(in.set(), terms.get(Term.PURPOSE), "purpose"),
                        pos);
            default:
                break;
        }
        Model.Attribute a = attributes.get(field);
        if (a != null && a.type() == AttributeType.ENUM) {
            return new Model.ValueIn(VField.ATTRIBUTE, field, values(in.set(), a.values(), "value of " + field), pos);
        }
        if (a != null || field.equals("subjects.count") || field.equals("recipient.coveredPerson")) {
            problems.error(in.field().pos(), "'" + field + "' is not a field with named values, so 'in' and 'is' do "
                    + "not apply", a != null && a.type() == AttributeType.BOOLEAN || field.equals("recipient.coveredPerson")
                    ? "write '" + field + "' or 'not " + field + "'" : "compare it: " + field + " >= 100");
            return new Model.Const(false, pos);
        }
        if (QUANTIFIED.contains(field) || field.equals("categories")) {
            problems.error(in.field().pos(), "'" + field + "' has several values: say 'any " + singular(field)
                    + " in' or 'every " + singular(field) + " in'", null);
            return new Model.Const(false, pos);
        }
        unknownField(in.field());
        return new Model.Const(false, pos);
    }

    static String singular(String field) {
        return field.equals("categories") ? "category" : field;
    }

    void unknownField(Name field) {
        List<String> candidates = new ArrayList<>(FIELDS);
        candidates.addAll(attributes.keySet());
        problems.unknown(field.pos(), "field", field.text(), candidates);
    }

    Set<String> values(List<Name> names, Set<String> declared, String what) {
        Set<String> out = new LinkedHashSet<>();
        for (Name n : names) {
            if (declared.contains(n.text())) {
                out.add(n.text());
            } else {
                problems.unknown(n.pos(), what, n.text(), declared);
            }
        }
        return Set.copyOf(out);
    }

    Cond quantified(Ast.Quant q) {
        String field = q.field().text();
        switch (field) {
            case "category":
                return new Model.CategoryQuant(q.every(), categories(q.set()), q.pos());
            case "residence":
                return new Model.PeopleQuant(q.every(), PField.RESIDENCE, jurisdictions(q.set()), q.pos());
            case "citizenship":
                return new Model.PeopleQuant(q.every(), PField.CITIZENSHIP, jurisdictions(q.set()), q.pos());
            default:
                break;
        }
        String quantifier = q.every() ? "every" : "any";
        Model.Attribute a = attributes.get(field);
        if (FIELDS.contains(field) || a != null) {
            boolean named = !List.of("subjects.count", "recipient.coveredPerson").contains(field)
                    && (a == null || a.type() == AttributeType.ENUM);
            problems.error(q.field().pos(), "'" + field + "' has a single value, so '" + quantifier
                    + "' does not apply", named ? "write '" + field + " in [...]'" : null);
        } else {
            String close = Names.closest(field, QUANTIFIED);
            problems.error(q.field().pos(), "unknown field '" + field + "' after '" + quantifier
                    + "': expected 'category', 'residence' or 'citizenship'",
                    close == null ? null : "did you mean '" + close + "'?");
        }
        return new Model.Const(false, q.pos());
    }

    Cond comparison(Ast.Compare c, boolean countsAllowed) {
        Cmp op = switch (c.op()) {
            case LT -> Cmp.LT;
            case LE -> Cmp.LE;
            case GT -> Cmp.GT;
            case GE -> Cmp.GE;
            case EQ -> Cmp.EQ;
            case NE -> Cmp.NE;
            default -> throw new IllegalStateException(c.op().name());
        };
        Token right = c.right();
        if (c.left() instanceof Ast.DateOperand) {
            if (right.kind() != Token.Kind.DATE) {
                problems.error(right.pos(), "compare 'date' with a date such as 2026-01-01, not " + right.describe(),
                        null);
                return new Model.Const(false, c.pos());
            }
            return new Model.DateCmp(op, date(right), c.pos());
        }
        if (right.kind() != Token.Kind.NUMBER) {
            problems.error(right.pos(), "expected a number, found " + right.describe(),
                    "only 'date' is compared with dates");
            return new Model.Const(false, c.pos());
        }
        long value = Long.parseLong(right.text());
        Ast.Operand left = c.left();
        if (left instanceof Ast.CountOperand count) {
            {
                if (!countsAllowed) {
                    problems.error(count.pos(), "count(...) can only be used in rules, not in a scope or a counter's filter",
                            null);
                    return new Model.Const(false, c.pos());
                }
                Model.Counter counter = packCounters.get(count.counter().text());
                if (counter == null) {
                    problems.unknown(count.counter().pos(), "counter", count.counter().text(), packCounters.keySet());
                    return new Model.Const(false, c.pos());
                }
                return new Model.CountCmp(counter, op, value, c.pos());
            }
        } else if (left instanceof Ast.SinceOperand since) {
            basis(since.basis());
            Model.Calendar calendar = null;
            if (since.calendar() != null) {
                calendar = calendars.get(since.calendar().text());
                if (calendar == null) {
                    problems.error(since.calendar().pos(), "no calendar declared for '" + since.calendar().text() + "'",
                            calendars.isEmpty() ? "declare one: calendar " + since.calendar().text()
                                    + " from YYYY-MM-DD to YYYY-MM-DD non-working [...]"
                                    : "calendars are declared for " + String.join(", ", new java.util.TreeSet<>(calendars.keySet())));
                }
            }
            return new Model.SinceCmp(since.workingDays(), calendar, since.basis().text(), op, value, c.pos());
        } else if (left instanceof Ast.FieldOperand f) {
            String field = f.field().text();
            if (field.equals("subjects.count")) {
                return new Model.NumberCmp(null, op, value, c.pos());
            }
            Model.Attribute a = attributes.get(field);
            if (a != null && a.type() == AttributeType.NUMBER) {
                return new Model.NumberCmp(field, op, value, c.pos());
            }
            if (a != null || FIELDS.contains(field)) {
                problems.error(f.field().pos(), "'" + field + "' is not a number", null);
            } else {
                unknownField(f.field());
            }
            return new Model.Const(false, c.pos());
        }
        throw new IllegalStateException("unhandled operand " + left.getClass().getSimpleName());
    }

    Cond flag(Ast.Flag f) {
        String field = f.field().text();
        if (field.equals("recipient.coveredPerson")) {
            return new Model.Flag(null, f.pos());
        }
        Model.Attribute a = attributes.get(field);
        if (a != null && a.type() == AttributeType.BOOLEAN) {
            return new Model.Flag(field, f.pos());
        }
        if (a != null || FIELDS.contains(field)) {
            problems.error(f.field().pos(), "'" + field + "' is not a yes/no field, so it cannot stand alone",
                    a != null && a.type() == AttributeType.NUMBER || field.equals("subjects.count")
                            ? "compare it: " + field + " >= 100" : "test it: " + field + " in [...]");
        } else {
            unknownField(f.field());
        }
        return new Model.Const(false, f.pos());
    }
}
