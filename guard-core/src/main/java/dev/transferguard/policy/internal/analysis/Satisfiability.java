package dev.transferguard.policy.internal.analysis;

import dev.transferguard.policy.internal.compile.Bits;
import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Pos;
import java.util.ArrayList;
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
 */
final class Satisfiability {

    /** Conditions that expand to more conjunctions than this are not analysed. */
    private static final int MAX_TERMS = 512;

    private final Model.Vocabulary vocabulary;

    Satisfiability(Model.Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** A literal: an atomic condition, possibly negated. */
    private record Literal(Model.Cond atom, boolean negated) {
    }

    /** Too large to analyse. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Whether the condition can hold for some transfer and history. */
    boolean satisfiable(Model.Cond c) {
        List<List<Literal>> terms;
        try {
            terms = dnf(c, false);
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

    /** Whether {@code p} implies {@code q}: {@code p and not q} can never hold. */
    boolean implies(Model.Cond p, Model.Cond q) {
        Pos pos = p.pos();
        return !satisfiable(new Model.And(List.of(p, new Model.Not(q, pos)), pos));
    }

    private List<List<Literal>> dnf(Model.Cond c, boolean negated) {
        if (c instanceof Model.Not n) {
            return dnf(n.part(), !negated);
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
            return List.of(List.of(new Literal(c, negated)));
        }
        if (!conjunction) {
            List<List<Literal>> out = new ArrayList<>();
            for (Model.Cond part : parts) {
                out.addAll(dnf(part, negated));
                if (out.size() > MAX_TERMS) {
                    throw new TooLarge();
                }
            }
            return out;
        }
        List<List<Literal>> out = List.of(List.of());
        for (Model.Cond part : parts) {
            List<List<Literal>> next = new ArrayList<>();
            for (List<Literal> left : out) {
                for (List<Literal> right : dnf(part, negated)) {
                    List<Literal> both = new ArrayList<>(left);
                    both.addAll(right);
                    next.add(both);
                    if (next.size() > MAX_TERMS) {
                        throw new TooLarge();
                    }
                }
            }
            out = next;
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
                    return false;
                }
            } else if (a instanceof Model.ValueIn v) {
                Object key = v.field() == Model.VField.ATTRIBUTE ? v.attribute() : v.field();
                Set<String> allowed = values.computeIfAbsent(key, k -> universe(v));
                if (l.negated()) {
                    allowed.removeAll(v.values());
                } else {
                    allowed.retainAll(v.values());
                }
                if (allowed.isEmpty()) {
                    return false;
                }
            } else if (a instanceof Model.NumberCmp n) {
                Object key = n.subjectsCount() ? "subjects.count" : n.attribute();
                Range r = ranges.computeIfAbsent(key, k -> new Range(n.subjectsCount() ? 0 : Long.MIN_VALUE,
                        Long.MAX_VALUE));
                r.apply(n.op(), n.value(), l.negated());
                if (r.empty()) {
                    return false;
                }
            } else if (a instanceof Model.CountCmp k) {
                Range r = ranges.computeIfAbsent("count:" + k.counter().key(), x -> new Range(0, Long.MAX_VALUE));
                r.apply(k.op(), k.value(), l.negated());
                if (r.empty()) {
                    return false;
                }
            } else if (a instanceof Model.DateCmp d) {
                Range r = ranges.computeIfAbsent("date", x -> new Range(Long.MIN_VALUE, Long.MAX_VALUE));
                r.apply(d.op(), d.value().toEpochDay(), l.negated());
                if (r.empty()) {
                    return false;
                }
            } else if (a instanceof Model.SinceCmp s && !l.negated()) {
                Range r = ranges.computeIfAbsent((s.workingDays()
                        ? "working:" + (s.calendar() == null ? "" : s.calendar().jurisdiction() + ":") : "days:") + s.basis(),
                        x -> new Range(Long.MIN_VALUE, Long.MAX_VALUE));
                r.apply(s.op(), s.value(), false);
                if (r.empty()) {
                    return false;
                }
                // A date counted from a basis needs the basis on file.
                if (!flag(flags, new Model.HasBasis(s.basis(), s.pos()), true)) {
                    return false;
                }
            } else if (!(a instanceof Model.SinceCmp)) {
                if (!flag(flags, a, !l.negated())) {
                    return false;
                }
            }
        }
        // "some category in A" cannot hold with "no category in B" when everything under A is under B.
        for (Set<String> some : someCategoryIn) {
            for (Set<String> none : noCategoryIn) {
                if (some.stream().allMatch(c -> none.stream().anyMatch(n -> vocabulary.isUnder(c, n)))) {
                    return false;
                }
            }
        }
        return true;
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
