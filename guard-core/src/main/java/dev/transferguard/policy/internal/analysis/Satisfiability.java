package dev.transferguard.policy.internal.analysis;

import dev.transferguard.policy.internal.compile.Bits;
import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a condition can ever hold, for the analysis of {@code guard lint}. Conditions are put
 * into disjunctive normal form and each conjunction is checked field by field: jurisdiction and value sets
 * are intersected, numbers narrowed to intervals, yes/no atoms checked for contradictions.
 *
 * <p>The answer errs on the side of "satisfiable": atoms whose interplay is not modelled (categories,
 * subjects' jurisdictions) are independent yes/no atoms, and a condition too large to expand is reported
 * as satisfiable. So "unsatisfiable" is always true, and lint never reports a rule that can match as dead.
 *
 * <p>A fact a transfer leaves out is read at its worst where the condition stands (docs/policy-language.md,
 * "Facts a transfer leaves out"): in a restricting place every test of it holds, whatever the {@code not}s
 * above it, and in a permitting place none does. So each part of a condition is given with its place, and a
 * field whose known values contradict each other can still make a restricting condition hold by being left
 * out: {@code deny when entity.ciio and not entity.ciio} denies an exporter that does not say.
 */
final class Satisfiability {

    /** Conditions that expand to more conjunctions than this are not analysed. */
    private static final int MAX_TERMS = 512;

    private final Model.Vocabulary vocabulary;

    Satisfiability(Model.Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * A condition and its place: {@code restricting} when a fact it leaves out counts as holding (a deny or
     * require rule, a scope), not when it counts as failing (an allow or exempt rule).
     *
     * @param cond        the condition
     * @param restricting whether an unknown fact makes its tests hold
     */
    record Part(Model.Cond cond, boolean restricting) {
    }

    /** A literal: an atomic condition, possibly negated, and what it is when its fact is left out. */
    private record Literal(Model.Cond atom, boolean negated, boolean holdsWhenLeftOut) {
    }

    /** Too large to analyse. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Whether the parts can all hold together for some transfer and history. */
    boolean satisfiable(Part... parts) {
        List<List<Literal>> terms = List.of(List.of());
        try {
            for (Part part : parts) {
                terms = conjoin(terms, dnf(part.cond(), false, part.restricting()));
            }
        } catch (TooLarge e) {
            return true;
        }
        for (List<Literal> term : terms) {
            if (consistent(term)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code p} implies {@code q}: {@code p} holding and {@code q} failing can never be. Where {@code q}
     * fails, a fact it leaves out made its tests what its place makes them, so their negations are the opposite.
     */
    boolean implies(Part[] p, Part q) {
        Part[] both = Arrays.copyOf(p, p.length + 1);
        both[p.length] = new Part(new Model.Not(q.cond(), q.cond().pos()), !q.restricting());
        return !satisfiable(both);
    }

    private static List<List<Literal>> conjoin(List<List<Literal>> left, List<List<Literal>> right) {
        List<List<Literal>> next = new ArrayList<>();
        for (List<Literal> l : left) {
            for (List<Literal> r : right) {
                List<Literal> both = new ArrayList<>(l);
                both.addAll(r);
                next.add(both);
                if (next.size() > MAX_TERMS) {
                    throw new TooLarge();
                }
            }
        }
        return next;
    }

    private List<List<Literal>> dnf(Model.Cond c, boolean negated, boolean restricting) {
        if (c instanceof Model.Not n) {
            return dnf(n.part(), !negated, restricting);
        }
        if (c instanceof Model.Const k) {
            return k.value() != negated ? List.of(List.of()) : List.of();
        }
        boolean conjunction = (c instanceof Model.And) != negated;
        List<Model.Cond> parts;
        if (c instanceof Model.And a) {
            parts = a.parts();
        } else if (c instanceof Model.Or o) {
            parts = o.parts();
        } else {
            return List.of(List.of(new Literal(c, negated, restricting)));
        }
        if (!conjunction) {
            List<List<Literal>> out = new ArrayList<>();
            for (Model.Cond part : parts) {
                out.addAll(dnf(part, negated, restricting));
                if (out.size() > MAX_TERMS) {
                    throw new TooLarge();
                }
            }
            return out;
        }
        List<List<Literal>> out = List.of(List.of());
        for (Model.Cond part : parts) {
            out = conjoin(out, dnf(part, negated, restricting));
        }
        return out;
    }

    /** A numeric domain: an interval less some excluded points. */
    private static final class Range {
        long lo;
        long hi;
        final Set<Long> excluded = new HashSet<>();

        Range(long lo, long hi) {
            this.lo = lo;
            this.hi = hi;
        }

        void apply(Model.Cmp op, long v, boolean negated) {
            Model.Cmp effective = negated ? complement(op) : op;
            switch (effective) {
                case LT -> hi = Math.min(hi, v == Long.MIN_VALUE ? v : v - 1);
                case LE -> hi = Math.min(hi, v);
                case GT -> lo = Math.max(lo, v == Long.MAX_VALUE ? v : v + 1);
                case GE -> lo = Math.max(lo, v);
                case EQ -> {
                    lo = Math.max(lo, v);
                    hi = Math.min(hi, v);
                }
                case NE -> excluded.add(v);
            }
            if (effective == Model.Cmp.LT && v == Long.MIN_VALUE || effective == Model.Cmp.GT && v == Long.MAX_VALUE) {
                lo = 1;
                hi = 0;
            }
        }

        boolean empty() {
            if (lo > hi) {
                return true;
            }
            long inside = excluded.stream().filter(x -> x >= lo && x <= hi).count();
            // hi - lo + 1 may overflow for wide ranges; those are never emptied by a few points.
            long width = hi - lo;
            return width >= 0 && width < Integer.MAX_VALUE && inside > width;
        }

        private static Model.Cmp complement(Model.Cmp op) {
            return switch (op) {
                case LT -> Model.Cmp.GE;
                case LE -> Model.Cmp.GT;
                case GT -> Model.Cmp.LE;
                case GE -> Model.Cmp.LT;
                case EQ -> Model.Cmp.NE;
                case NE -> Model.Cmp.EQ;
            };
        }
    }

    private boolean consistent(List<Literal> term) {
        Map<Object, long[]> jurisdictions = new HashMap<>();
        Map<Object, Set<String>> values = new HashMap<>();
        Map<Object, Range> ranges = new HashMap<>();
        Map<Object, Boolean> flags = new HashMap<>();
        List<Set<String>> someCategoryIn = new ArrayList<>();
        List<Set<String>> noCategoryIn = new ArrayList<>();
        // The fields whose known values contradict each other: the term holds only if each can be left out.
        Set<Object> contradicted = new HashSet<>();
        for (Literal l : term) {
            Model.Cond a = l.atom();
            if (a instanceof Model.CategoryQuant q && !q.every()) {
                (l.negated() ? noCategoryIn : someCategoryIn).add(q.categories());
            }
            if (a instanceof Model.JurisdictionIn j) {
                long[] allowed = jurisdictions.computeIfAbsent(j.field(), k -> all());
                long[] set = Bits.of(Jurisdictions.COUNT);
                for (String code : j.codes()) {
                    Bits.set(set, Jurisdictions.index(code));
                }
                for (int i = 0; i < allowed.length; i++) {
                    allowed[i] &= l.negated() ? ~set[i] : set[i];
                }
                if (Bits.isEmpty(allowed)) {
                    contradicted.add(field(a));
                }
            } else if (a instanceof Model.ValueIn v) {
                Set<String> allowed = values.computeIfAbsent(field(a), k -> universe(v));
                if (l.negated()) {
                    allowed.removeAll(v.values());
                } else {
                    allowed.retainAll(v.values());
                }
                if (allowed.isEmpty()) {
                    contradicted.add(field(a));
                }
            } else if (a instanceof Model.NumberCmp n) {
                Range r = ranges.computeIfAbsent(field(a), k -> new Range(n.subjectsCount() ? 0 : Long.MIN_VALUE,
                        Long.MAX_VALUE));
                r.apply(n.op(), n.value(), l.negated());
                if (r.empty()) {
                    contradicted.add(field(a));
                }
            } else if (a instanceof Model.CountCmp k) {
                Range r = ranges.computeIfAbsent(field(a), x -> new Range(0, Long.MAX_VALUE));
                r.apply(k.op(), k.value(), l.negated());
                if (r.empty()) {
                    contradicted.add(field(a));
                }
            } else if (a instanceof Model.DateCmp d) {
                Range r = ranges.computeIfAbsent(field(a), x -> new Range(Long.MIN_VALUE, Long.MAX_VALUE));
                r.apply(d.op(), d.value().toEpochDay(), l.negated());
                if (r.empty()) {
                    contradicted.add(field(a));
                }
            } else if (a instanceof Model.SinceCmp s && !l.negated()) {
                Range r = ranges.computeIfAbsent(field(a), x -> new Range(Long.MIN_VALUE, Long.MAX_VALUE));
                r.apply(s.op(), s.value(), false);
                if (r.empty()) {
                    contradicted.add(field(a));
                }
                // A date counted from a basis needs the basis on file, whether or not its start is known.
                Model.Cond basis = new Model.HasBasis(s.basis(), s.pos());
                if (!flag(flags, basis, true)) {
                    contradicted.add(field(basis));
                }
            } else if (!(a instanceof Model.SinceCmp)) {
                if (!flag(flags, a, !l.negated())) {
                    contradicted.add(field(a));
                }
            }
        }
        // "some category in A" cannot hold with "no category in B" when everything under A is under B.
        for (Set<String> some : someCategoryIn) {
            for (Set<String> none : noCategoryIn) {
                if (some.stream().allMatch(c -> none.stream().anyMatch(n -> vocabulary.isUnder(c, n)))) {
                    contradicted.add(CATEGORIES);
                }
            }
        }
        for (Object f : contradicted) {
            if (!canBeLeftOut(f) || term.stream().anyMatch(l -> f.equals(field(l.atom())) && !l.holdsWhenLeftOut())) {
                return false;
            }
        }
        return true;
    }

    /** The field of categories: a coarser category leaves open which of its descendants a transfer holds. */
    private static final String CATEGORIES = "categories";

    /** What an atom is about: atoms about one field constrain each other. */
    private static Object field(Model.Cond atom) {
        if (atom instanceof Model.ValueIn v) {
            return v.field() == Model.VField.ATTRIBUTE ? v.attribute() : v.field();
        } else if (atom instanceof Model.NumberCmp n) {
            return n.subjectsCount() ? "subjects.count" : n.attribute();
        } else if (atom instanceof Model.CountCmp k) {
            return "count:" + k.counter().key();
        } else if (atom instanceof Model.DateCmp) {
            return "date";
        } else if (atom instanceof Model.SinceCmp s) {
            // Working days in different calendars are different measures of the same time.
            return (s.workingDays() ? "working:" + (s.calendar() == null ? "" : s.calendar().jurisdiction() + ":")
                    : "days:") + s.basis();
        } else if (atom instanceof Model.CategoryQuant) {
            return CATEGORIES;
        } else if (atom instanceof Model.JurisdictionIn j) {
            return j.field();
        }
        return identity(atom);
    }

    /** Whether a transfer can leave the field out, so that its tests are read at their worst. */
    private static boolean canBeLeftOut(Object field) {
        if (field instanceof Model.VField v) {
            return v != Model.VField.ACTION;
        }
        if (field instanceof Model.JField || field.equals("date") || field instanceof String s && s.startsWith("count:")) {
            return false;
        }
        return !(field instanceof List<?> l && (l.get(0).equals("basis") || l.get(0).equals("same")));
    }

    /** Records a yes/no atom; false on a contradiction. Atoms are compared by content, not place. */
    private static boolean flag(Map<Object, Boolean> flags, Model.Cond atom, boolean value) {
        Object key = identity(atom);
        Boolean earlier = flags.putIfAbsent(key, value);
        return earlier == null || earlier == value;
    }

    private static Object identity(Model.Cond atom) {
        if (atom instanceof Model.HasBasis h) {
            return List.of("basis", h.basis());
        } else if (atom instanceof Model.Flag f) {
            return List.of("flag", Objects.toString(f.attribute()));
        } else if (atom instanceof Model.CategoryQuant q) {
            return List.of("category", q.every(), q.categories());
        } else if (atom instanceof Model.SameJurisdiction j) {
            return List.of("same", j.left(), j.right());
        } else if (atom instanceof Model.PeopleQuant q) {
            return List.of("people", q.every(), q.field(), q.codes());
        }
        return atom;
    }

    private static long[] all() {
        long[] bits = Bits.of(Jurisdictions.COUNT);
        for (int i = 0; i < Jurisdictions.COUNT; i++) {
            Bits.set(bits, i);
        }
        return bits;
    }

    /** Every value the field can take, with the empty string standing for "absent". */
    private Set<String> universe(Model.ValueIn v) {
        Set<String> out = new HashSet<>();
        switch (v.field()) {
            case ACTION -> {
                out.addAll(Model.ACTIONS);
                return out;
            }
            case RECIPIENT_KIND -> out.addAll(vocabulary.recipientKinds());
            case TRANSACTION -> out.addAll(vocabulary.transactions());
            case PURPOSE -> out.addAll(vocabulary.purposes());
            case ATTRIBUTE -> out.addAll(vocabulary.attributes().get(v.attribute()).values());
        }
        out.add("");
        return out;
    }
}
