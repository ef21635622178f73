package dev.transferguard.policy.internal.analysis;

import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.analysis.Satisfiability.Part;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Ast;
import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.Problems;
import dev.transferguard.policy.Diagnostic;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis behind {@code guard lint}: rules that can never match, rules shadowed by others,
 * requirements no basis can meet, and declarations nothing uses.
 */
public final class Analyzer {

    private final Model.Bundle bundle;
    private final Satisfiability solver;
    private final Problems findings = new Problems();

    private Analyzer(Model.Bundle bundle) {
        this.bundle = bundle;
        this.solver = new Satisfiability(bundle.vocabulary());
    }

    /**
     * Analyses a bundle.
     *
     * @param bundle the resolved bundle
     * @return the findings, as warnings with places
     */
    public static List<Diagnostic> analyse(Model.Bundle bundle) {
        Analyzer a = new Analyzer(bundle);
        a.run();
        return a.findings.all();
    }

    private void run() {
        for (Model.Pack p : bundle.packs()) {
            if (!solver.satisfiable(new Part(p.scope(), true))) {
                findings.warning(p.pos(), "policy '" + p.id() + "' never applies: its 'applies when' can never hold",
                        null);
                continue;
            }
            for (Model.Rule r : p.rules()) {
                rule(p, r);
            }
            unusedCounters(p);
        }
        unusedDeclarations();
    }

    /** Where a fact a rule leaves out counts as holding: a deny or require rule restricts; allow and exempt do not. */
    private static boolean restricting(Model.Rule r) {
        return r.effect() == Model.Effect.DENY || r.effect() == Model.Effect.REQUIRE;
    }

    private static Part when(Model.Rule r) {
        return new Part(r.when(), restricting(r));
    }

    /** When a rule matches: its pack judges the transfer (a scope restricts) and its condition holds. */
    private static Part[] effective(Model.Pack p, Model.Rule r) {
        return new Part[] {new Part(p.scope(), true), when(r)};
    }

    private void rule(Model.Pack p, Model.Rule r) {
        Part[] cond = effective(p, r);
        if (!solver.satisfiable(cond)) {
            findings.warning(r.pos(), "rule '" + r.id() + "' can never match: its condition contradicts itself or the"
                    + " policy's scope", null);
            return;
        }
        if (r.effect() != Model.Effect.DENY) {
            for (Model.Rule d : p.rules()) {
                if (d.effect() == Model.Effect.DENY && d != r && solver.implies(cond, when(d))) {
                    findings.warning(r.pos(), "rule '" + r.id() + "' is shadowed by deny rule '" + d.id()
                            + "': whenever it matches, '" + d.id() + "' denies", "see " + d.pos().fileLine());
                    return;
                }
            }
        }
        if (r.effect() == Model.Effect.REQUIRE) {
            requirement(p, r, cond);
        }
        if (r.effect() == Model.Effect.DENY || r.effect() == Model.Effect.ALLOW) {
            for (Model.Rule other : p.rules()) {
                if (other == r) {
                    break;
                }
                if (other.effect() == r.effect() && solver.implies(cond, when(other))) {
                    findings.warning(r.pos(), "rule '" + r.id() + "' is shadowed by rule '" + other.id()
                            + "': whenever it matches, so does the earlier rule with the same effect",
                            "see " + other.pos().fileLine());
                    return;
                }
            }
        }
    }

    private void requirement(Model.Pack p, Model.Rule r, Part[] cond) {
        boolean someBasisCan = false;
        for (String b : r.names()) {
            if (solver.satisfiable(cond[0], cond[1], new Part(new Model.HasBasis(b, r.pos()), true))) {
                someBasisCan = true;
                break;
            }
        }
        if (!someBasisCan) {
            findings.warning(r.pos(), "requirement '" + r.id() + "' can never be met: whenever it applies, none of "
                    + r.names() + " can be on file", null);
            return;
        }
        for (Model.Rule other : p.rules()) {
            if (other == r || other.effect() != Model.Effect.REQUIRE || !r.names().containsAll(other.names())) {
                continue;
            }
            boolean waivedAlone = p.rules().stream().anyMatch(x -> x.effect() == Model.Effect.EXEMPT
                    && x.names().contains(other.id()) && !x.names().contains(r.id()));
            boolean strictlyStronger = !other.names().containsAll(r.names()) || p.rules().indexOf(other) < p.rules()
                    .indexOf(r);
            if (!waivedAlone && strictlyStronger && solver.implies(cond, when(other))) {
                findings.warning(r.pos(), "requirement '" + r.id() + "' is shadowed by '" + other.id()
                        + "': whenever it applies, '" + other.id() + "' applies too and asks for no more",
                        "see " + other.pos().fileLine());
                return;
            }
        }
    }

    private void unusedCounters(Model.Pack p) {
        Set<String> used = new HashSet<>();
        for (Model.Rule r : p.rules()) {
            used.addAll(Conditions.countersUsed(r.when()));
        }
        for (Model.Counter c : p.counters()) {
            if (!used.contains(c.name())) {
                findings.warning(c.pos(), "counter '" + c.name() + "' is never used by a rule of '" + p.id() + "'",
                        null);
            }
        }
    }

    /**
     * Obligations nobody imposes. Categories, bases, kinds, transactions, purposes and attributes are the
     * vocabulary of transfers and may be declared for applications alone, so they are not reported.
     */
    private void unusedDeclarations() {
        Set<String> used = new HashSet<>();
        for (Model.Pack p : bundle.packs()) {
            for (Model.Rule r : p.rules()) {
                used.addAll(r.obligations());
            }
        }
        for (String o : new java.util.TreeSet<>(bundle.vocabulary().obligations())) {
            if (!used.contains(o)) {
                Pos at = declarationPlace(o);
                if (at != null) {
                    findings.warning(at, "obligation '" + o + "' is declared but no rule imposes it", null);
                }
            }
        }
    }

    private Pos declarationPlace(String name) {
        return bundle.declaration(Ast.Term.OBLIGATION.noun, name);
    }
}
