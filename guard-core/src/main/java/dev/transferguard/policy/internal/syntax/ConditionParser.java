package dev.transferguard.policy.internal.syntax;

import dev.transferguard.policy.internal.syntax.Ast.*;
import java.util.ArrayList;
import java.util.List;

/** The conditions of the language: {@code or} over {@code and} over {@code not} over atoms and comparisons. */
abstract class ConditionParser extends TokenCursor {

    /** Deeper conditions are refused, so that hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private int depth;

    ConditionParser(SourceFile file, Problems problems) {
        super(file, problems);
    }

    Expr condition() {
        if (++depth > MAX_DEPTH) {
            // only a '(' nests conditions this deep: point at it
            problems.error(tokens.get(p - 1).pos(), "condition is nested deeper than " + MAX_DEPTH + " levels", null);
            throw new Recover();
        }
        try {
            Expr first = conjunction();
            if (!peek().is("or")) {
                return first;
            }
            List<Expr> parts = new ArrayList<>(List.of(first));
            while (peek().is("or")) {
                p++;
                parts.add(conjunction());
            }
            return new Or(parts, first.pos());
        } finally {
            depth--;
        }
    }

    private Expr conjunction() {
        Expr first = unary();
        if (!peek().is("and")) {
            return first;
        }
        List<Expr> parts = new ArrayList<>(List.of(first));
        while (peek().is("and")) {
            p++;
            parts.add(unary());
        }
        return new And(parts, first.pos());
    }

    private Expr unary() {
        Token t = peek();
        if (t.is("not")) {
            p++;
            if (++depth > MAX_DEPTH) {
                problems.error(t.pos(), "condition is nested deeper than " + MAX_DEPTH + " levels", null);
                throw new Recover();
            }
            try {
                return new Not(unary(), t.pos());
            } finally {
                depth--;
            }
        }
        return atom();
    }

    private Expr atom() {
        Token t = next();
        if (t.kind() == Token.Kind.LPAREN) {
            Expr inner = condition();
            expect(Token.Kind.RPAREN, "')' to close the '(' at " + t.pos().line() + ":" + t.pos().column());
            return inner;
        }
        if (t.kind() != Token.Kind.WORD) {
            problems.error(t.pos(), "expected a condition, found " + t.describe(), null);
            throw new Recover();
        }
        switch (t.text()) {
            case "true":
                return new Bool(true, t.pos());
            case "false":
                return new Bool(false, t.pos());
            case "any":
            case "every": {
                Name field = name("'category', 'residence' or 'citizenship' after '" + t.text() + "'");
                expectWord("in", "'in' after '" + t.text() + " " + field.text() + "'");
                return new Quant(t.text().equals("every"), field, setOrName("values"), t.pos().to(field.pos()));
            }
            case "basis":
                return new HasBasis(name("a legal basis after 'basis'"), t.pos());
            case "count": {
                expect(Token.Kind.LPAREN, "'(' after 'count'");
                Name counter = name("a counter name");
                expect(Token.Kind.RPAREN, "')' after the counter name");
                Pos close = tokens.get(p - 1).pos();
                return comparison(new CountOperand(counter, t.pos().to(close)));
            }
            case "days":
            case "working-days": {
                Name calendar = null;
                if (t.text().equals("working-days") && peek().kind() == Token.Kind.LPAREN) {
                    p++;
                    calendar = name("the jurisdiction whose calendar counts, such as RU");
                    expect(Token.Kind.RPAREN, "')' after the calendar's jurisdiction");
                }
                expectWord("since", "'since' after '" + t.text() + "'");
                expectWord("basis", "'basis' after 'since'");
                Name basis = name("a legal basis");
                return comparison(new SinceOperand(t.text().equals("working-days"), calendar, basis,
                        t.pos().to(basis.pos())));
            }
            case "date":
                return comparison(new DateOperand(t.pos()));
            default:
                break;
        }
        Name field = new Name(t.text(), t.pos());
        Token op = peek();
        if (op.is("in")) {
            p++;
            return new In(field, false, setOrName("values"), t.pos());
        }
        if (op.is("not") && peekAt(1).is("in")) {
            p += 2;
            return new In(field, true, setOrName("values"), t.pos());
        }
        if (op.is("is")) {
            p++;
            boolean negated = false;
            if (peek().is("not")) {
                p++;
                negated = true;
            }
            return new In(field, negated, List.of(name("a value after 'is'")), t.pos());
        }
        if (isComparison(op.kind())) {
            return comparison(new FieldOperand(field, t.pos()));
        }
        return new Flag(field, t.pos());
    }

    private static boolean isComparison(Token.Kind k) {
        return k == Token.Kind.EQ || k == Token.Kind.NE || k == Token.Kind.LT || k == Token.Kind.LE
                || k == Token.Kind.GT || k == Token.Kind.GE;
    }

    private Expr comparison(Operand left) {
        Token op = next();
        if (!isComparison(op.kind())) {
            problems.error(op.pos(), "expected a comparison (<, <=, >, >=, =, !=), found " + op.describe(), null);
            throw new Recover();
        }
        Token right = next();
        if (right.kind() != Token.Kind.NUMBER && right.kind() != Token.Kind.DATE) {
            problems.error(right.pos(), "expected a number or a date after '" + op.text() + "', found "
                    + right.describe(), null);
            throw new Recover();
        }
        if (right.kind() == Token.Kind.NUMBER) {
            number(right);
        }
        return new Compare(left, op.kind(), right, left.pos().to(right.pos()));
    }

}
