package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.Ast.*;
import dev.transferguard.policy.internal.Model.Cmp;
import dev.transferguard.policy.internal.Model.Cond;
import dev.transferguard.policy.internal.Model.JField;
import dev.transferguard.policy.internal.Model.PField;
import dev.transferguard.policy.internal.Model.VField;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every name in the parsed files and builds the typed {@link Model}. Unknown names are errors with a
 * suggestion; nothing is left to fail silently at decision time.
 */
final class Resolver {

    static final Set<String> ACTIONS = Set.of("transfer", "store", "access");

    private static final List<String> FIELDS = List.of("origin", "destination", "recipient.jurisdiction",
            "recipient.kind", "recipient.coveredPerson", "action", "transaction", "purpose", "subjects.count");
    private static final List<String> QUANTIFIED = List.of("category", "residence", "citizenship");

    private final Problems problems;

    private final Map<String, String> categoryParents = new LinkedHashMap<>();
    private final Map<String, GroupDecl> groupDecls = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final Map<Term, Set<String>> terms = new HashMap<>();
    private final Map<String, Model.Attribute> attributes = new LinkedHashMap<>();
    private final Map<String, String> meanings = new LinkedHashMap<>();
    private final Map<String, Pos> declaredAt = new HashMap<>();
    private Boolean bundleDefault;
    private String bundleDefaultSource = "no 'bundle default' declared";

    /** Counters of the pack being resolved, for count(...). */
    private Map<String, Model.Counter> packCounters = Map.of();

    Resolver(Problems problems) {
        this.problems = problems;
        for (Term t : Term.values()) {
            terms.put(t, new LinkedHashSet<>());
        }
    }

    Model.Bundle resolve(List<FileNode> files, String digest, List<SourceFile> sources) {
        for (FileNode f : files) {
            for (Decl d : f.decls()) {
                declare(d);
            }
        }
        checkCategoryParents();
        expandGroups();
        Model.Vocabulary vocabulary = new Model.Vocabulary(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(categoryParents)), Map.copyOf(groups),
                Set.copyOf(terms.get(Term.BASIS)), Set.copyOf(terms.get(Term.RECIPIENT_KIND)),
                Set.copyOf(terms.get(Term.TRANSACTION)), Set.copyOf(terms.get(Term.PURPOSE)),
                Set.copyOf(terms.get(Term.OBLIGATION)), Map.copyOf(attributes), Map.copyOf(meanings));

        List<Model.Pack> packs = new ArrayList<>();
        Map<String, Pos> packIds = new HashMap<>();
        List<Model.TestCase> tests = new ArrayList<>();
        for (FileNode f : files) {
            Model.Pack pack = pack(f, packIds);
            if (pack != null) {
                packs.add(pack);
            }
            for (TestDecl t : f.tests()) {
                tests.add(new Model.TestCase(f.pack() == null ? null : f.pack().id().text(), t.name(), t.pos(),
                        t.given(), t.history(), t.expects()));
            }
        }
        checkTests(tests, packs);
        boolean defaultAllow = bundleDefault != null && bundleDefault;
        return new Model.Bundle(vocabulary, List.copyOf(packs), List.copyOf(tests), defaultAllow,
                bundleDefaultSource, digest, List.copyOf(sources), Map.copyOf(declaredAt));
    }

    // ---- declarations ----

    private boolean firstDeclaration(String space, Name name) {
        Pos earlier = declaredAt.putIfAbsent(space + ":" + name.text(), name.pos());
        if (earlier != null) {
            problems.error(name.pos(), space + " '" + name.text() + "' is declared twice",
                    "first declared at " + earlier.fileLine());
            return false;
        }
        return true;
    }

    private void declare(Decl d) {
        if (d instanceof CategoryDecl c) {
            {
                if (firstDeclaration("category", c.name())) {
                    String n = c.name().text();
                    int dot = n.lastIndexOf('.');
                    categoryParents.put(n, dot < 0 ? null : n.substring(0, dot));
                    meaning(n, c.meaning());
                }
            }
        } else if (d instanceof GroupDecl g) {
            {
                String n = g.name().text();
                if (n.length() == 2 && Jurisdictions.isKnown(n)) {
                    problems.error(g.name().pos(), "group name '" + n + "' is a jurisdiction code",
                            "give the group a longer name, e.g. '" + n + "_GROUP'");
                } else if (!n.equals(n.toUpperCase(java.util.Locale.ROOT))) {
                    problems.error(g.name().pos(), "group name '" + n + "' must be upper case",
                            "did you mean '" + n.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "'?");
                } else if (firstDeclaration("group", g.name())) {
                    groupDecls.put(n, g);
                    meaning(n, g.meaning());
                }
            }
        } else if (d instanceof TermDecl t) {
            {
                if (firstDeclaration(t.term().noun, t.name())) {
                    terms.get(t.term()).add(t.name().text());
                    meaning(t.name().text(), t.meaning());
                }
            }
        } else if (d instanceof AttributeDecl a) {
            {
                String n = a.name().text();
                if (!n.startsWith("entity.") || n.length() == "entity.".length()) {
                    problems.error(a.name().pos(), "attribute '" + n + "' must be named entity.<name>",
                            "attributes describe the exporting entity, e.g. entity.ciio");
                } else if (firstDeclaration("attribute", a.name())) {
                    Set<String> values = new LinkedHashSet<>();
                    for (Name v : a.values()) {
                        values.add(v.text());
                    }
                    attributes.put(n, new Model.Attribute(n, a.type(), Set.copyOf(values)));
                    meaning(n, a.meaning());
                }
            }
        } else if (d instanceof BundleDefault b) {
            {
                if (bundleDefault != null) {
                    problems.error(b.pos(), "the bundle default is declared twice", "first declared at "
                            + bundleDefaultSource);
                } else {
                    bundleDefault = b.effect().text().equals("allow");
                    bundleDefaultSource = b.pos().fileLine();
                }
            }
        }
    }

    private void meaning(String name, String meaning) {
        if (meaning != null) {
            meanings.put(name, meaning);
        }
    }

    private void checkCategoryParents() {
        for (Map.Entry<String, String> e : categoryParents.entrySet()) {
            String parent = e.getValue();
            if (parent != null && !categoryParents.containsKey(parent)) {
                Pos at = declaredAt.get("category:" + e.getKey());
                problems.error(at, "category '" + e.getKey() + "' has no declared parent '" + parent + "'",
                        "declare 'category " + parent + "' too: categories form a tree");
            }
        }
    }

    private void expandGroups() {
        for (String name : groupDecls.keySet()) {
            expand(name, new LinkedHashSet<>());
        }
    }

    private Set<String> expand(String name, LinkedHashSet<String> path) {
        Set<String> done = groups.get(name);
        if (done != null) {
            return done;
        }
        GroupDecl g = groupDecls.get(name);
        if (!path.add(name)) {
            problems.error(g.name().pos(), "group '" + name + "' includes itself: " + String.join(" -> ", path)
                    + " -> " + name, null);
            return Set.of();
        }
        Set<String> codes = new TreeSet<>();
        for (Name m : g.members()) {
            String t = m.text();
            if (Jurisdictions.isKnown(t)) {
                codes.add(t);
            } else if (groupDecls.containsKey(t)) {
                codes.addAll(expand(t, path));
            } else {
                unknownJurisdiction(m);
            }
        }
        path.remove(name);
        Set<String> result = Set.copyOf(codes);
        groups.put(name, result);
        return result;
    }

    /** Codes people write that ISO 3166-1 spells otherwise. */
    private static final Map<String, String> CODE_ALIASES = Map.of("UK", "GB", "EL", "GR");

    private void unknownJurisdiction(Name m) {
        String text = m.text();
        if (text.length() != 2) {
            problems.unknown(m.pos(), "jurisdiction or group", text, groupDecls.keySet());
            return;
        }
        // Every two-letter string is one edit away from a dozen codes, so edit distance suggests noise here:
        // suggest only the same letters in upper case or the ISO spelling of a common alias.
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        String hint;
        if (!upper.equals(text) && (Jurisdictions.isKnown(upper) || groupDecls.containsKey(upper))) {
            hint = "did you mean '" + upper + "'?";
        } else if (CODE_ALIASES.containsKey(upper)) {
            hint = "did you mean '" + CODE_ALIASES.get(upper) + "'? ISO 3166-1 has no '" + upper + "'";
        } else {
            hint = "jurisdictions are ISO 3166-1 alpha-2 codes such as CN, DE or US";
        }
        problems.error(m.pos(), "unknown jurisdiction or group '" + text + "'", hint);
    }

    // ---- packs ----

    private Model.Pack pack(FileNode f, Map<String, Pos> packIds) {
        PackHeader h = f.pack();
        if (h == null) {
            for (RuleDecl r : f.rules()) {
                problems.error(r.pos(), "rule '" + r.id().text() + "' is outside a policy",
                        "start the file with 'policy <id> \"title\"'");
            }
            for (CounterDecl c : f.counters()) {
                problems.error(c.pos(), "counter '" + c.name().text() + "' is outside a policy",
                        "start the file with 'policy <id> \"title\"'");
            }
            return null;
        }
        String id = h.id().text();
        Pos earlier = packIds.putIfAbsent(id, h.id().pos());
        if (earlier != null) {
            problems.error(h.id().pos(), "policy '" + id + "' is declared twice", "first declared at "
                    + earlier.fileLine());
        }
        packCounters = new LinkedHashMap<>();
        List<Model.Counter> counters = new ArrayList<>();
        for (CounterDecl c : f.counters()) {
            Model.Counter counter = counter(id, c);
            if (packCounters.putIfAbsent(counter.name(), counter) != null) {
                problems.error(c.name().pos(), "counter '" + counter.name() + "' is declared twice in policy '"
                        + id + "'", null);
            } else {
                counters.add(counter);
            }
        }
        Cond scope = h.scope() == null ? new Model.Const(true, h.pos()) : cond(h.scope(), false);

        Map<String, RuleDecl> byId = new LinkedHashMap<>();
        for (RuleDecl r : f.rules()) {
            if (byId.putIfAbsent(r.id().text(), r) != null) {
                problems.error(r.id().pos(), "rule '" + r.id().text() + "' is declared twice in policy '" + id + "'",
                        "first declared at " + byId.get(r.id().text()).pos().fileLine());
            }
        }
        List<Model.Rule> rules = new ArrayList<>();
        for (RuleDecl r : f.rules()) {
            rules.add(rule(id, r, byId));
        }
        boolean defaultAllow = h.defaultEffect() != null && h.defaultEffect().text().equals("allow");
        return new Model.Pack(id, h.title() == null ? id : h.title(), h.version() == null ? "" : h.version(), scope,
                defaultAllow, List.copyOf(counters), List.copyOf(rules), h.pos());
    }

    private Model.Counter counter(String pack, CounterDecl c) {
        Set<String> of = categories(c.of());
        Set<String> except = categories(c.except());
        Cond where = c.where() == null ? new Model.Const(true, c.pos()) : cond(c.where(), false);
        if (c.window().length() <= 0 || c.window().length() > 1200) {
            problems.error(c.window().pos(), "window length must be between 1 and 1200, was " + c.window().length(),
                    null);
        }
        return new Model.Counter(pack, c.name().text(), of, except, where, c.window().kind(), c.window().length(),
                c.perCounterparty(), c.pos());
    }

    private Model.Rule rule(String pack, RuleDecl r, Map<String, RuleDecl> byId) {
        Effect e = r.effect();
        List<String> names = new ArrayList<>();
        Model.Effect effect = switch (e.kind()) {
            case DENY -> Model.Effect.DENY;
            case ALLOW -> Model.Effect.ALLOW;
            case REQUIRE -> {
                if (e.names().isEmpty()) {
                    problems.error(e.pos(), "'require' needs at least one legal basis", null);
                }
                for (Name b : e.names()) {
                    if (basis(b)) {
                        names.add(b.text());
                    }
                }
                yield Model.Effect.REQUIRE;
            }
            case EXEMPT -> {
                for (Name n : e.names()) {
                    RuleDecl target = byId.get(n.text());
                    if (target == null) {
                        problems.unknown(n.pos(), "rule in policy '" + pack + "'", n.text(), byId.keySet());
                    } else if (target.effect().kind() != EffectKind.REQUIRE) {
                        problems.error(n.pos(), "rule '" + n.text() + "' is not a 'require' rule, so there is nothing"
                                + " to exempt from", "'exempt from' waives requirements; to allow, write an 'allow' rule");
                    } else {
                        names.add(n.text());
                    }
                }
                yield Model.Effect.EXEMPT;
            }
        };
        Cond when = r.when() == null ? new Model.Const(true, r.pos()) : cond(r.when(), true);
        List<String> obligations = new ArrayList<>();
        for (Name o : r.obligations()) {
            if (terms.get(Term.OBLIGATION).contains(o.text())) {
                obligations.add(o.text());
            } else {
                problems.unknown(o.pos(), "obligation", o.text(), terms.get(Term.OBLIGATION));
            }
        }
        return new Model.Rule(pack, r.id().text(), effect, List.copyOf(names), when, List.copyOf(obligations),
                r.because(), r.id().pos());
    }

    private boolean basis(Name b) {
        if (terms.get(Term.BASIS).contains(b.text())) {
            return true;
        }
        problems.unknown(b.pos(), "legal basis", b.text(), terms.get(Term.BASIS));
        return false;
    }

    private Set<String> categories(List<Name> names) {
        Set<String> out = new LinkedHashSet<>();
        for (Name n : names) {
            if (categoryParents.containsKey(n.text())) {
                out.add(n.text());
            } else {
                problems.unknown(n.pos(), "category", n.text(), categoryParents.keySet());
            }
        }
        return Set.copyOf(out);
    }

    private Set<String> jurisdictions(List<Name> names) {
        Set<String> out = new TreeSet<>();
        for (Name n : names) {
            String t = n.text();
            if (Jurisdictions.isKnown(t)) {
                out.add(t);
            } else if (groups.containsKey(t)) {
                out.addAll(groups.get(t));
            } else {
                unknownJurisdiction(n);
            }
        }
        return Set.copyOf(out);
    }

    // ---- conditions ----

    /** Resolves a condition; {@code countsAllowed} is false inside counter filters. */
    private Cond cond(Expr e, boolean countsAllowed) {
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

    private static JField jurisdictionField(String name) {
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

    private Cond membership(Ast.In in) {
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
                return new Model.ValueIn(VField.ACTION, null, values(in.set(), ACTIONS, "action"), pos);
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

    private static String singular(String field) {
        return field.equals("categories") ? "category" : field;
    }

    private void unknownField(Name field) {
        List<String> candidates = new ArrayList<>(FIELDS);
        candidates.addAll(attributes.keySet());
        problems.unknown(field.pos(), "field", field.text(), candidates);
    }

    private Set<String> values(List<Name> names, Set<String> declared, String what) {
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

    private Cond quantified(Ast.Quant q) {
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

    private Cond comparison(Ast.Compare c, boolean countsAllowed) {
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
            return new Model.SinceCmp(since.workingDays(), since.basis().text(), op, value, c.pos());
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

    private LocalDate date(Token t) {
        try {
            return LocalDate.parse(t.text());
        } catch (DateTimeParseException e) {
            problems.error(t.pos(), "'" + t.text() + "' is not a valid date (YYYY-MM-DD)", null);
            return LocalDate.EPOCH;
        }
    }

    private Cond flag(Ast.Flag f) {
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

    // ---- tests ----

    private void checkTests(List<Model.TestCase> tests, List<Model.Pack> packs) {
        Map<String, Model.Pack> byId = new HashMap<>();
        for (Model.Pack p : packs) {
            byId.put(p.id(), p);
        }
        for (Model.TestCase t : tests) {
            for (Ast.Expect x : t.expects()) {
                switch (x.kind()) {
                    case RULE, NO_RULE -> ruleRef(x.names().get(0), t.pack(), byId);
                    case UNMET -> x.names().forEach(this::basis);
                    case OBLIGATION -> {
                        Name o = x.names().get(0);
                        if (!terms.get(Term.OBLIGATION).contains(o.text())) {
                            problems.unknown(o.pos(), "obligation", o.text(), terms.get(Term.OBLIGATION));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private void ruleRef(Name ref, String filePack, Map<String, Model.Pack> packs) {
        String text = ref.text();
        int slash = text.indexOf('/');
        String packId = slash < 0 ? filePack : text.substring(0, slash);
        String ruleId = slash < 0 ? text : text.substring(slash + 1);
        if (packId == null) {
            problems.error(ref.pos(), "rule '" + text + "' needs its policy: write policy-id/" + text, null);
            return;
        }
        Model.Pack pack = packs.get(packId);
        if (pack == null && text.equals("bundle/default")) {
            return;
        }
        if (pack == null) {
            problems.unknown(ref.pos(), "policy", packId, packs.keySet());
            return;
        }
        if (pack.rules().stream().noneMatch(r -> r.id().equals(ruleId)) && !ruleId.equals("default")) {
            problems.unknown(ref.pos(), "rule in policy '" + packId + "'", ruleId,
                    pack.rules().stream().map(Model.Rule::id).toList());
        }
    }
}
