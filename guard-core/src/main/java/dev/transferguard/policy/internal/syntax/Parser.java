package dev.transferguard.policy.internal.syntax;

import dev.transferguard.policy.internal.syntax.Ast.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hand-written recursive-descent parser for one policy file. It reports every syntax error it can find
 * (recovering at the next statement) and never throws anything but its own recovery signal internally.
 * Statements are parsed here, conditions by {@link ConditionParser}, tokens are read through {@link TokenCursor}:
 * one cursor shared by the levels of the grammar.
 */
public final class Parser extends ConditionParser {

    private static final Set<String> STATEMENTS = Set.of("category", "group", "basis", "recipient-kind",
            "transaction", "purpose", "obligation", "attribute", "calendar", "bundle", "policy", "counter", "rule", "test");

    private final SourceFile file;

    private final List<Decl> decls = new ArrayList<>();
    private PackHeader pack;
    private final List<CounterDecl> counters = new ArrayList<>();
    private final List<RuleDecl> rules = new ArrayList<>();
    private final List<TestDecl> tests = new ArrayList<>();

    private Parser(SourceFile file, Problems problems) {
        super(file, problems);
        this.file = file;
    }

    /**
     * Parses one file.
     *
     * @param file     the file
     * @param problems receives every syntax error
     * @return the file's syntax tree, as much of it as could be read
     */
    public static FileNode parse(SourceFile file, Problems problems) {
        return new Parser(file, problems).file();
    }

    private FileNode file() {
        while (peek().kind() != Token.Kind.EOF) {
            int before = p;
            try {
                statement();
            } catch (Recover r) {
                if (p == before) {
                    p++;
                }
                while (peek().kind() != Token.Kind.EOF && !atStatement()) {
                    p++;
                }
            }
        }
        return new FileNode(file, decls, pack, counters, rules, tests);
    }

    private boolean atStatement() {
        Token t = peek();
        // Statements start lines; a keyword in the middle of a line is part of a condition.
        return t.kind() == Token.Kind.WORD && STATEMENTS.contains(t.text())
                && (p == 0 || tokens.get(p - 1).pos().line() < t.pos().line());
    }

    // ---- statements ----

    private void statement() {
        Token t = peek();
        if (t.kind() != Token.Kind.WORD || !STATEMENTS.contains(t.text())) {
            String close = Names.closest(t.text(), STATEMENTS);
            problems.error(t.pos(), "expected a declaration, 'policy', 'counter', 'rule' or 'test', found "
                    + t.describe(), close != null && t.kind() == Token.Kind.WORD ? "did you mean '" + close + "'?" : null);
            throw new Recover();
        }
        p++;
        switch (t.text()) {
            case "category" -> decls.add(new CategoryDecl(name("a category name"), meaning(), t.pos()));
            case "group" -> group(t);
            case "basis" -> term(Term.BASIS, t);
            case "recipient-kind" -> term(Term.RECIPIENT_KIND, t);
            case "transaction" -> term(Term.TRANSACTION, t);
            case "purpose" -> term(Term.PURPOSE, t);
            case "obligation" -> term(Term.OBLIGATION, t);
            case "attribute" -> attribute(t);
            case "calendar" -> calendar(t);
            case "bundle" -> {
                expectWord("default", "'default' after 'bundle'");
                decls.add(new BundleDefault(effectWord(), t.pos()));
            }
            case "policy" -> policy(t);
            case "counter" -> counter(t);
            case "rule" -> rule(t);
            case "test" -> test(t);
            default -> throw new IllegalStateException(t.text());
        }
    }

    private void term(Term term, Token keyword) {
        decls.add(new TermDecl(term, name("a " + term.noun + " name"), meaning(), keyword.pos()));
    }

    private void group(Token keyword) {
        Name name = name("a group name");
        expect(Token.Kind.EQ, "'=' after the group name");
        List<Name> members = list("jurisdiction codes or group names");
        decls.add(new GroupDecl(name, members, optionalString(), keyword.pos()));
    }

    private void attribute(Token keyword) {
        Name name = name("an attribute name such as entity.ciio");
        Token type = peek();
        AttributeType kind;
        List<Name> values = List.of();
        if (type.is("boolean")) {
            p++;
            kind = AttributeType.BOOLEAN;
        } else if (type.is("number")) {
            p++;
            kind = AttributeType.NUMBER;
        } else if (type.is("one")) {
            p++;
            expectWord("of", "'of' after 'one'");
            values = list("the attribute's values");
            kind = AttributeType.ENUM;
        } else {
            problems.error(type.pos(), "expected the attribute's type: 'boolean', 'number' or 'one of [...]', found "
                    + type.describe(), null);
            throw new Recover();
        }
        decls.add(new AttributeDecl(name, kind, values, optionalString(), keyword.pos()));
    }

    private void calendar(Token keyword) {
        Name jurisdiction = name("a jurisdiction code such as RU");
        String meaning = optionalString();
        expectWord("from", "'from' and the first day the calendar covers");
        Token from = date("the first day the calendar covers");
        expectWord("to", "'to' and the last day the calendar covers");
        Token to = date("the last day the calendar covers");
        expectWord("non-working", "'non-working [...]': the weekdays that are not working days");
        List<Token> nonWorking = dates("non-working days");
        List<Token> working = List.of();
        if (peek().is("working")) {
            p++;
            working = dates("weekend days that are working days");
        }
        decls.add(new CalendarDecl(jurisdiction, meaning, from, to, nonWorking, working, keyword.pos()));
    }

    private Token date(String what) {
        return token(Token.Kind.DATE, what + " (YYYY-MM-DD)");
    }

    private List<Token> dates(String what) {
        return list(what, () -> date(what));
    }

    private void policy(Token keyword) {
        Name id = name("a policy id such as cn.pipl");
        String title = optionalString();
        String version = null;
        Expr scope = null;
        Name defaultEffect = null;
        while (!atStatement() && peek().kind() != Token.Kind.EOF) {
            Token t = peek();
            if (t.is("version")) {
                p++;
                Token v = next();
                if (v.kind() != Token.Kind.WORD && v.kind() != Token.Kind.NUMBER && v.kind() != Token.Kind.DATE
                        && v.kind() != Token.Kind.STRING) {
                    problems.error(v.pos(), "expected a version such as 2024-03-22 after 'version', found "
                            + v.describe(), null);
                    throw new Recover();
                }
                version = v.text();
            } else if (t.is("applies")) {
                p++;
                expectWord("when", "'when' after 'applies'");
                scope = condition();
            } else if (t.is("default")) {
                p++;
                defaultEffect = effectWord();
            } else {
                problems.error(t.pos(), "expected 'version', 'applies when' or 'default' in the policy header, found "
                        + t.describe(), hint(t, "version", "applies", "default"));
                throw new Recover();
            }
        }
        if (pack != null) {
            problems.error(keyword.pos(), "a file holds one policy; '" + pack.id().text()
                    + "' is already declared in this file", "put each policy in a file of its own");
            return;
        }
        if (defaultEffect == null) {
            problems.error(id.pos(), "policy '" + id.text() + "' has no default",
                    "add 'default allow' or 'default deny': the decision when the policy applies but no rule matches");
        }
        pack = new PackHeader(id, title, version, scope, defaultEffect, keyword.pos());
    }

    private void counter(Token keyword) {
        Name name = name("a counter name");
        expect(Token.Kind.EQ, "'=' after the counter name");
        expectWord("distinct", "'distinct subjects'");
        expectWord("subjects", "'subjects' after 'distinct'");
        List<Name> of = List.of();
        List<Name> except = List.of();
        Expr where = null;
        if (peek().is("of")) {
            p++;
            of = setOrName("data categories");
        }
        if (peek().is("except")) {
            p++;
            except = setOrName("data categories");
        }
        if (peek().is("where")) {
            p++;
            where = condition();
        }
        expectWord("per", "'per calendar-year', 'per N months' or 'per N days'");
        Window window = window();
        boolean perCounterparty = false;
        if (peek().is("per")) {
            p++;
            expectWord("counterparty", "'counterparty' after the window");
            perCounterparty = true;
        }
        counters.add(new CounterDecl(name, of, except, where, window, perCounterparty, keyword.pos()));
    }

    private Window window() {
        Token t = next();
        if (t.is("calendar-year")) {
            return new Window(WindowKind.CALENDAR_YEAR, 1, t.pos());
        }
        if (t.kind() == Token.Kind.NUMBER) {
            long n = number(t);
            Token unit = next();
            if (unit.is("months") || unit.is("month")) {
                return new Window(WindowKind.MONTHS, n, t.pos().to(unit.pos()));
            }
            if (unit.is("days") || unit.is("day")) {
                return new Window(WindowKind.DAYS, n, t.pos().to(unit.pos()));
            }
            problems.error(unit.pos(), "expected 'months' or 'days' after the number, found " + unit.describe(), null);
            throw new Recover();
        }
        problems.error(t.pos(), "expected a window: 'calendar-year', 'N months' or 'N days', found " + t.describe(),
                t.kind() == Token.Kind.WORD && Names.closest(t.text(), List.of("calendar-year")) != null
                        ? "did you mean 'calendar-year'?" : null);
        throw new Recover();
    }

    private void rule(Token keyword) {
        Name id = name("a rule id");
        Token e = next();
        Effect effect;
        switch (e.kind() == Token.Kind.WORD ? e.text() : "") {
            case "deny" -> effect = new Effect(EffectKind.DENY, List.of(), e.pos());
            case "allow" -> effect = new Effect(EffectKind.ALLOW, List.of(), e.pos());
            case "require" -> {
                List<Name> bases;
                if (peek().is("one")) {
                    p++;
                    expectWord("of", "'of' after 'require one'");
                    bases = list("legal bases");
                } else {
                    bases = List.of(name("a legal basis, or 'one of [...]'"));
                }
                effect = new Effect(EffectKind.REQUIRE, bases, e.pos());
            }
            case "exempt" -> {
                expectWord("from", "'from' after 'exempt'");
                effect = new Effect(EffectKind.EXEMPT, setOrName("rule ids"), e.pos());
            }
            default -> {
                problems.error(e.pos(), "expected the rule's effect: 'deny', 'allow', 'require' or 'exempt from', found "
                        + e.describe(), hint(e, "deny", "allow", "require", "exempt"));
                throw new Recover();
            }
        }
        Expr when = null;
        List<Name> obligations = List.of();
        String because = null;
        while (!atStatement() && peek().kind() != Token.Kind.EOF) {
            Token t = peek();
            if (t.is("when") && when == null) {
                p++;
                when = condition();
            } else if (t.is("when")) {
                problems.error(t.pos(), "rule '" + id.text() + "' has a second 'when'",
                        "join the conditions into one with 'and' or 'or'");
                throw new Recover();
            } else if (t.is("oblige")) {
                p++;
                obligations = setOrName("obligations");
            } else if (t.is("because")) {
                p++;
                Token s = next();
                if (s.kind() != Token.Kind.STRING) {
                    problems.error(s.pos(), "expected the citation in quotes after 'because', found " + s.describe(),
                            null);
                    throw new Recover();
                }
                because = s.text();
            } else {
                problems.error(t.pos(), "expected 'when', 'oblige' or 'because' in rule '" + id.text() + "', found "
                        + t.describe(), hint(t, "when", "oblige", "because", "and", "or"));
                throw new Recover();
            }
        }
        if (because == null) {
            problems.error(id.pos(), "rule '" + id.text() + "' has no 'because'",
                    "cite the article it enforces, e.g. because \"PIPL Art. 38\"");
        }
        rules.add(new RuleDecl(id, effect, when, obligations, because == null ? "" : because, keyword.pos()));
    }

    private void test(Token keyword) {
        Token title = next();
        if (title.kind() != Token.Kind.STRING) {
            problems.error(title.pos(), "expected the test's name in quotes, found " + title.describe(), null);
            throw new Recover();
        }
        Token given = null;
        List<Token> history = new ArrayList<>();
        List<Expect> expects = new ArrayList<>();
        while (!atStatement() && peek().kind() != Token.Kind.EOF) {
            Token t = next();
            if (t.is("given")) {
                given = jsonObject("the transfer as a JSON object after 'given'");
            } else if (t.is("history")) {
                history.add(jsonObject("an earlier transfer as a JSON object after 'history'"));
                while (peek().kind() == Token.Kind.JSON) {
                    history.add(next());
                }
            } else if (t.is("expect")) {
                expects.add(expectation());
            } else {
                problems.error(t.pos(), "expected 'given', 'history' or 'expect' in test \"" + title.text()
                        + "\", found " + t.describe(), hint(t, "given", "history", "expect"));
                throw new Recover();
            }
        }
        if (given == null) {
            problems.error(title.pos(), "test \"" + title.text() + "\" has no 'given' transfer", null);
            return;
        }
        if (expects.isEmpty()) {
            problems.error(title.pos(), "test \"" + title.text() + "\" expects nothing",
                    "add 'expect allow' or 'expect deny'");
            return;
        }
        tests.add(new TestDecl(title.text(), keyword.pos().to(title.pos()), given, history, expects));
    }

    private Token jsonObject(String what) {
        return token(Token.Kind.JSON, what);
    }

    private Expect expectation() {
        Token t = next();
        switch (t.kind() == Token.Kind.WORD ? t.text() : "") {
            case "allow":
                return new Expect(ExpectKind.ALLOW, List.of(), t.pos());
            case "deny":
                return new Expect(ExpectKind.DENY, List.of(), t.pos());
            case "rule":
                return new Expect(ExpectKind.RULE, List.of(ruleRef()), t.pos());
            case "no":
                expectWord("rule", "'rule' after 'expect no'");
                return new Expect(ExpectKind.NO_RULE, List.of(ruleRef()), t.pos());
            case "unmet":
                return new Expect(ExpectKind.UNMET, list("the legal bases of the unmet requirement"), t.pos());
            case "obligation":
                return new Expect(ExpectKind.OBLIGATION, List.of(name("an obligation")), t.pos());
            default:
                problems.error(t.pos(), "expected 'allow', 'deny', 'rule', 'no rule', 'unmet' or 'obligation' after "
                        + "'expect', found " + t.describe(), hint(t, "allow", "deny", "rule", "unmet", "obligation"));
                throw new Recover();
        }
    }

    /** {@code rule-id} or {@code pack.id/rule-id}; kept as one name with '/' inside. */
    private Name ruleRef() {
        Name first = name("a rule id, or policy-id/rule-id");
        if (peek().kind() == Token.Kind.SLASH) {
            p++;
            Name rule = name("a rule id after '/'");
            return new Name(first.text() + "/" + rule.text(), first.pos().to(rule.pos()));
        }
        return first;
    }
}
