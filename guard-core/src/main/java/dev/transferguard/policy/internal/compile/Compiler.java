package dev.transferguard.policy.internal.compile;

import dev.transferguard.Action;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the resolved model into the compiled program's parts: every name an index, every set a bit set, every
 * condition a tree of {@link Test}s, every explanation a {@link Reason} made once.
 */
final class Compiler {

    private final Indexes names;
    private final Map<String, CompiledCounter> counterByKey = new HashMap<>();
    private final Map<String, WorkingCalendar> calendars = new HashMap<>();
    final List<CompiledCounter> counters = new ArrayList<>();
    final CompiledPack[] packs;
    /** The obligations of each rule, keyed by the identity of its precomputed reason. */
    final Map<Reason, List<String>> obligationsOf = new IdentityHashMap<>();
    /** The most rules any pack has. */
    final int maxRules;

    Compiler(Model.Bundle model, Indexes names) {
        this.names = names;
        for (Model.Pack p : model.packs()) {
            for (Model.Counter c : p.counters()) {
                CompiledCounter cc = new CompiledCounter(c, counters.size());
                counters.add(cc);
                counterByKey.put(c.key(), cc);
            }
        }
        packs = new CompiledPack[model.packs().size()];
        int mostRules = 0;
        for (int i = 0; i < packs.length; i++) {
            packs[i] = pack(model.packs().get(i));
            mostRules = Math.max(mostRules, packs[i].rules.length);
        }
        maxRules = mostRules;
        for (CompiledCounter c : counters) {
            c.stepsCompiled();
        }
    }

    private CompiledPack pack(Model.Pack p) {
        // A scope brings its pack's rules into play: an unknown reads as in scope.
        Test scope = compile(p.scope(), true);
        for (Model.Counter c : p.counters()) {
            CompiledCounter cc = counterByKey.get(c.key());
            cc.filter = new Test.And(new Test[] {scope, categoryFilter(c, true), compile(c.where(), true)});
        }
        List<CompiledRule> rules = new ArrayList<>();
        for (Model.Rule r : p.rules()) {
            rules.add(rule(r));
        }
        for (int j = 0; j < rules.size(); j++) {
            CompiledRule r = rules.get(j);
            r.index = j;
            if (r.model.effect() == Model.Effect.EXEMPT) {
                r.waives = Bits.of(rules.size());
                for (int k = 0; k < rules.size(); k++) {
                    if (r.model.names().contains(rules.get(k).model.id())) {
                        Bits.set(r.waives, k);
                    }
                }
            }
        }
        Reason defaultReason = new Reason(p.id(), "default", Reason.Kind.DEFAULT,
                "no rule matched; policy default is " + (p.defaultAllow() ? "allow" : "deny"),
                p.pos().fileLine());
        return new CompiledPack(p, scope, rules.toArray(CompiledRule[]::new), defaultReason);
    }

    private CompiledRule rule(Model.Rule r) {
        int[] bases = r.effect() == Model.Effect.REQUIRE
                ? r.names().stream().mapToInt(names.basisIndex::of).toArray() : new int[0];
        Reason.Kind kind = switch (r.effect()) {
            case DENY -> Reason.Kind.DENY;
            case REQUIRE -> Reason.Kind.MET;
            case EXEMPT -> Reason.Kind.EXEMPT;
            case ALLOW -> Reason.Kind.ALLOW;
        };
        String source = r.pos().fileLine();
        Reason matched = new Reason(r.pack(), r.id(), kind, r.because(), source);
        Reason unmet = r.effect() == Model.Effect.REQUIRE
                ? new Reason(r.pack(), r.id(), Reason.Kind.UNMET, r.because(), source) : null;
        Requirement requirement = r.effect() == Model.Effect.REQUIRE
                ? new Requirement(r.pack(), r.id(), r.names(), r.because(), source) : null;
        if (!r.obligations().isEmpty()) {
            obligationsOf.put(matched, r.obligations());
        }
        int[] mentioned = Conditions.basesMentioned(r.when()).stream().mapToInt(names.basisIndex::of).toArray();
        // Deny and require restrict, so an unknown makes them match; exempt and allow permit, so it must not.
        boolean restricts = r.effect() == Model.Effect.DENY || r.effect() == Model.Effect.REQUIRE;
        return new CompiledRule(r, compile(r.when(), restricts), bases, mentioned, matched, unmet, requirement);
    }

    /**
     * Some category of the transfer is under {@code of} and not under {@code except}. Counting is the worse
     * outcome when {@code worst}: a category then counts if it may contain one under {@code of}, and is excepted
     * only if it surely is under {@code except}; otherwise the other way round.
     */
    private Test categoryFilter(Model.Counter c, boolean worst) {
        Test of = c.of().isEmpty() ? null : new Test.AnyCategory(categoryBits(c.of()), worst);
        if (c.except().isEmpty()) {
            return of == null ? new Test.Const(true) : of;
        }
        long[] ofBits = of == null ? null : categoryBits(c.of());
        long[] exceptBits = categoryBits(c.except());
        long[][] ofClosures = closures(worst);
        long[][] exceptClosures = closures(!worst);
        return new Test() {
            @Override
            boolean test(Facts f) {
                for (int i = 0; i < f.categoryCount; i++) {
                    int category = f.categories[i];
                    if ((ofBits == null || Bits.intersects(ofClosures[category], ofBits))
                            && !Bits.intersects(exceptClosures[category], exceptBits)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    /** Per category, what it may contain where matching is worse, else what it surely is under. */
    private long[][] closures(boolean worst) {
        return worst ? names.categoryMayClosures : names.categoryClosures;
    }

    private long[] categoryBits(Set<String> categories) {
        long[] bits = Bits.of(names.categoryCount());
        for (String n : categories) {
            Bits.set(bits, names.categoryIndex.of(n));
        }
        return bits;
    }

    private static long[] jurisdictionBits(Set<String> codes) {
        long[] bits = Bits.of(Jurisdictions.COUNT);
        for (String c : codes) {
            Bits.set(bits, Jurisdictions.index(c));
        }
        return bits;
    }

    private static long[] valueBits(Set<String> values, NameIndex index) {
        long[] bits = Bits.of(Math.max(1, index.size()));
        for (String v : values) {
            Bits.set(bits, index.of(v));
        }
        return bits;
    }

    /**
     * Compiles a condition for a position where holding is the worse outcome for the transfer ({@code worst}) or
     * the better one; {@code not} swaps the two for what it negates.
     */
    private Test compile(Model.Cond c, boolean worst) {
        if (c instanceof Model.Const k) {
            return new Test.Const(k.value());
        } else if (c instanceof Model.And a) {
            return new Test.And(a.parts().stream().map(p -> compile(p, worst)).toArray(Test[]::new));
        } else if (c instanceof Model.Or o) {
            return new Test.Or(o.parts().stream().map(p -> compile(p, worst)).toArray(Test[]::new));
        } else if (c instanceof Model.Not n) {
            return new Test.Not(compile(n.part(), !worst));
        } else if (c instanceof Model.JurisdictionIn j) {
            return new Test.JurisdictionIn(j.field(), jurisdictionBits(j.codes()));
        } else if (c instanceof Model.SameJurisdiction j) {
            return new Test.SameJurisdiction(j.left(), j.right());
        } else if (c instanceof Model.ValueIn v) {
            return switch (v.field()) {
                case ACTION -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), actionIndex()), worst);
                case RECIPIENT_KIND -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), names.kindIndex), worst);
                case TRANSACTION ->
                        new Test.ValueIn(v.field(), -1, valueBits(v.values(), names.transactionIndex), worst);
                case PURPOSE -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), names.purposeIndex), worst);
                case ATTRIBUTE -> {
                    int a = names.attributeIndex.of(v.attribute());
                    yield new Test.ValueIn(v.field(), a, valueBits(v.values(), names.attributeValueIndex.get(a)),
                            worst);
                }
            };
        } else if (c instanceof Model.CategoryQuant q) {
            return q.every()
                    ? new Test.EveryCategory(categoryBits(q.categories()), closures(worst))
                    : new Test.AnyCategory(categoryBits(q.categories()), worst);
        } else if (c instanceof Model.PeopleQuant q) {
            return new Test.People(q.every(), q.field() == Model.PField.RESIDENCE, jurisdictionBits(q.codes()),
                    worst);
        } else if (c instanceof Model.NumberCmp n) {
            return n.subjectsCount()
                    ? new Test.SubjectsCount(n.op(), n.value(), worst)
                    : new Test.AttributeNumber(names.attributeIndex.of(n.attribute()), n.op(), n.value(), worst);
        } else if (c instanceof Model.CountCmp k) {
            CompiledCounter counter = counterByKey.get(k.counter().key());
            counter.comparedWith(k.op(), k.value());
            return new Test.Count(counter, k.op(), k.value());
        } else if (c instanceof Model.Flag f) {
            return f.attribute() == null
                    ? new Test.CoveredPerson(worst)
                    : new Test.AttributeFlag(names.attributeIndex.of(f.attribute()), worst);
        } else if (c instanceof Model.HasBasis h) {
            return new Test.HasBasis(names.basisIndex.of(h.basis()));
        } else if (c instanceof Model.SinceCmp s) {
            return new Test.Since(s.workingDays(), s.calendar() == null ? null
                    : calendars.computeIfAbsent(s.calendar().jurisdiction(), k -> new WorkingCalendar(s.calendar())),
                    names.basisIndex.of(s.basis()), s.op(), s.value(), worst);
        } else if (c instanceof Model.DateCmp d) {
            return new Test.DateCmp(d.op(), d.value().toEpochDay());
        }
        throw new IllegalStateException("unhandled condition " + c.getClass().getSimpleName());
    }

    private static NameIndex actionIndex() {
        return new NameIndex(Arrays.stream(Action.values()).map(Action::code).toList());
    }
}
