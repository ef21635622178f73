package dev.transferguard.policy.internal.check;

import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.Problems;
import dev.transferguard.policy.internal.syntax.SourceFile;
import dev.transferguard.policy.internal.syntax.Ast.*;
import dev.transferguard.policy.internal.check.Model.Cond;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every name in the parsed files and builds the typed {@link Model}. Unknown names are errors with a
 * suggestion; nothing is left to fail silently at decision time. The passes build on one another:
 * {@link Declarations} (the vocabulary), {@link ConditionResolver} (conditions), then packs, rules and tests here.
 */
public final class Resolver extends ConditionResolver {

    /**
     * A resolver that reports into {@code problems}.
     *
     * @param problems receives every error
     */
    public Resolver(Problems problems) {
        super(problems);
    }

    /**
     * Resolves the parsed files of one bundle.
     *
     * @param files   the files' syntax trees, in name order
     * @param digest  the bundle digest
     * @param sources the files' text
     * @return the model; meaningful only when {@code problems} has no errors
     */
    public Model.Bundle resolve(List<FileNode> files, String digest, List<SourceFile> sources) {
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
                Set.copyOf(terms.get(Term.OBLIGATION)), Map.copyOf(attributes), Map.copyOf(calendars),
                Map.copyOf(meanings));

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
