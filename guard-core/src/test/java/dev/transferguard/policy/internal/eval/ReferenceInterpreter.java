package dev.transferguard.policy.internal.eval;

import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.Decision;
import dev.transferguard.LegalBasis;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Transfer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deliberately plain evaluator of a resolved {@link Model.Bundle}, written straight from the evaluation model
 * in DESIGN.md, to check {@link CompiledBundle} against. It compares strings and walks category parents; it has
 * no bit sets, no indexes and no caches. Volume counters are a list of the transfers counted so far, scanned
 * from the start for every query.
 *
 * <p>Facts a transfer leaves out and categories coarser than a condition's are read three-valued: a condition is
 * true, false or unknown (Kleene's logic), and a rule's condition that is unknown counts as matching for a
 * restricting rule (deny, require), a scope and a counter, and as not matching for a permitting one (exempt,
 * allow). The compiled evaluator decides the same by polarity at load; this one does not know about that.
 *
 * <p>It expects a transfer to list each legal basis at most once.
 */
public final class ReferenceInterpreter {

    /** What the two evaluators must agree on; lists become sets, so that order does not matter. */
    public record Verdict(Outcome outcome, Set<String> reasons, Set<String> unmet, Set<String> obligations) {

        public static Verdict of(Decision d) {
            Set<String> reasons = new TreeSet<>();
            for (Reason r : d.reasons()) {
                reasons.add(reason(r.pack(), r.rule(), r.kind()));
            }
            Set<String> unmet = new TreeSet<>();
            for (Requirement r : d.unmet()) {
                unmet.add(requirement(r.pack(), r.rule(), r.anyOf()));
            }
            return new Verdict(d.outcome(), reasons, unmet, new TreeSet<>(d.obligations()));
        }

        static String reason(String pack, String rule, Reason.Kind kind) {
            return pack + "/" + rule + ":" + kind;
        }

        static String requirement(String pack, String rule, List<String> anyOf) {
            return pack + "/" + rule + " needs one of " + new TreeSet<>(anyOf);
        }
    }

    private final Model.Bundle bundle;
    private final List<Transfer> counted = new ArrayList<>();

    public ReferenceInterpreter(Model.Bundle bundle) {
        this.bundle = bundle;
    }

    /** Counts an allowed or historical transfer. */
    void record(Transfer t) {
        counted.add(t);
    }

    /** Three truth values. */
    enum Tri {
        TRUE, FALSE, UNKNOWN;

        static Tri of(boolean b) {
            return b ? TRUE : FALSE;
        }

        Tri not() {
            return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
        }

        Tri and(Tri o) {
            return this == FALSE || o == FALSE ? FALSE : this == TRUE && o == TRUE ? TRUE : UNKNOWN;
        }

        Tri or(Tri o) {
            return this == TRUE || o == TRUE ? TRUE : this == FALSE && o == FALSE ? FALSE : UNKNOWN;
        }
    }

    /**
     * Whether a transfer must be refused because it does not say how many people it is about while a counter may
     * count it.
     */
    public boolean refuses(Transfer t) {
        if (t.subjects().count() > 0) {
            return false;
        }
        for (Model.Pack p : bundle.packs()) {
            for (Model.Counter c : p.counters()) {
                if (counts(c, t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Decides {@code t} under the bundle, with the transfers recorded so far. */
    public Verdict decide(Transfer t) {
        boolean anyInScope = false;
        boolean denied = false;
        Set<String> reasons = new TreeSet<>();
        Set<String> unmet = new TreeSet<>();
        Set<String> obligations = new TreeSet<>();
        for (Model.Pack pack : bundle.packs()) {
            if (!holds(pack.scope(), t, true)) {
                continue;
            }
            anyInScope = true;
            if (!decidePack(pack, t, reasons, unmet, obligations)) {
                denied = true;
            }
        }
        if (!anyInScope) {
            reasons.add(Verdict.reason("bundle", "default", Reason.Kind.DEFAULT));
            denied = !bundle.defaultAllow();
        }
        return new Verdict(denied ? Outcome.DENY : Outcome.ALLOW, reasons, unmet, obligations);
    }

    /** One pack's verdict: {@code true} to allow. Obligations are added only when the pack allows. */
    private boolean decidePack(Model.Pack pack, Transfer t, Set<String> reasons, Set<String> unmet,
            Set<String> obligations) {
        List<Model.Rule> denies = new ArrayList<>();
        for (Model.Rule r : pack.rules()) {
            if (r.effect() == Model.Effect.DENY && holds(r.when(), t, true)) {
                denies.add(r);
            }
        }
        if (!denies.isEmpty()) {
            for (Model.Rule r : denies) {
                reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.DENY));
            }
            return false;
        }

        Set<String> waived = new HashSet<>();
        List<Model.Rule> matched = new ArrayList<>();
        for (Model.Rule r : pack.rules()) {
            if (r.effect() == Model.Effect.EXEMPT && holds(r.when(), t, false)) {
                waived.addAll(r.names());
                matched.add(r);
                reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.EXEMPT));
            }
        }
        List<String> packUnmet = new ArrayList<>();
        for (Model.Rule r : pack.rules()) {
            if (r.effect() == Model.Effect.REQUIRE && !waived.contains(r.id()) && holds(r.when(), t, true)) {
                boolean met = false;
                for (String basis : r.names()) {
                    met |= validBasis(t, basis) != null;
                }
                if (met) {
                    matched.add(r);
                    reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.MET));
                } else {
                    reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.UNMET));
                    packUnmet.add(Verdict.requirement(pack.id(), r.id(), r.names()));
                }
            } else if (r.effect() == Model.Effect.ALLOW && holds(r.when(), t, false)) {
                matched.add(r);
                reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.ALLOW));
            }
        }
        if (!packUnmet.isEmpty()) {
            unmet.addAll(packUnmet);
            return false;
        }
        if (!matched.isEmpty()) {
            for (Model.Rule r : matched) {
                obligations.addAll(r.obligations());
            }
            return true;
        }
        reasons.add(Verdict.reason(pack.id(), "default", Reason.Kind.DEFAULT));
        return pack.defaultAllow();
    }

    // ---- conditions ----

    /** Whether a condition counts as holding: unknown resolves to {@code unknownHolds}. */
    boolean holds(Model.Cond c, Transfer t, boolean unknownHolds) {
        Tri v = eval(c, t);
        return v == Tri.TRUE || (v == Tri.UNKNOWN && unknownHolds);
    }

    Tri eval(Model.Cond c, Transfer t) {
        if (c instanceof Model.Const k) {
            return Tri.of(k.value());
        } else if (c instanceof Model.And a) {
            Tri v = Tri.TRUE;
            for (Model.Cond part : a.parts()) {
                v = v.and(eval(part, t));
            }
            return v;
        } else if (c instanceof Model.Or o) {
            Tri v = Tri.FALSE;
            for (Model.Cond part : o.parts()) {
                v = v.or(eval(part, t));
            }
            return v;
        } else if (c instanceof Model.Not n) {
            return eval(n.part(), t).not();
        } else if (c instanceof Model.JurisdictionIn j) {
            return Tri.of(j.codes().contains(jurisdiction(j.field(), t)));
        } else if (c instanceof Model.SameJurisdiction j) {
            return Tri.of(jurisdiction(j.left(), t).equals(jurisdiction(j.right(), t)));
        } else if (c instanceof Model.ValueIn v) {
            if (v.field() != Model.VField.ACTION && value(v, t) == null) {
                return Tri.UNKNOWN;
            }
            String value = value(v, t);
            return Tri.of(value != null && v.values().contains(value));
        } else if (c instanceof Model.CategoryQuant q) {
            Tri v = q.every() ? Tri.TRUE : Tri.FALSE;
            for (String category : t.categories()) {
                Tri in = category(category, q.categories());
                v = q.every() ? v.and(in) : v.or(in);
            }
            return v;
        } else if (c instanceof Model.PeopleQuant q) {
            boolean residence = q.field() == Model.PField.RESIDENCE;
            List<String> people = residence ? t.subjects().residence() : t.subjects().citizenship();
            // Citizenship is unknown only when the residence is not stated either.
            if (t.subjects().residence().isEmpty() && (residence || people.isEmpty())) {
                return Tri.UNKNOWN;
            }
            if (q.every()) {
                return Tri.of(q.codes().containsAll(people));
            }
            for (String code : people) {
                if (q.codes().contains(code)) {
                    return Tri.TRUE;
                }
            }
            return Tri.FALSE;
        } else if (c instanceof Model.NumberCmp n) {
            if (n.subjectsCount() && t.subjects().count() == 0) {
                return Tri.UNKNOWN;
            }
            if (!n.subjectsCount() && !t.entity().containsKey(key(n.attribute()))) {
                return Tri.UNKNOWN;
            }
            long left = n.subjectsCount() ? t.subjects().count() : numberAttribute(t, n.attribute());
            return Tri.of(compare(n.op(), left, n.value()));
        } else if (c instanceof Model.CountCmp k) {
            return Tri.of(compare(k.op(), count(k.counter(), t), k.value()));
        } else if (c instanceof Model.Flag f) {
            Object said = f.attribute() == null ? t.recipient().coveredPerson() : t.entity().get(key(f.attribute()));
            return said == null ? Tri.UNKNOWN : Tri.of(Boolean.TRUE.equals(said));
        } else if (c instanceof Model.HasBasis h) {
            return Tri.of(validBasis(t, h.basis()) != null);
        } else if (c instanceof Model.SinceCmp s) {
            if (validBasis(t, s.basis()) == null) {
                return Tri.FALSE;
            }
            LocalDate since = earliestSince(t, s.basis());
            if (since == null) {
                return Tri.UNKNOWN;
            }
            if (s.calendar() != null) {
                return calendarDays(s, since, t.date());
            }
            long days = s.workingDays() ? workingDays(since, t.date()) : ChronoUnit.DAYS.between(since, t.date());
            return Tri.of(compare(s.op(), days, s.value()));
        } else if (c instanceof Model.DateCmp d) {
            return Tri.of(compare(d.op(), t.date().compareTo(d.value()), 0));
        }
        throw new IllegalStateException("unhandled condition " + c);
    }

    /** A category at or below one of {@code set} is in it; one above one may contain it: unknown. */
    private Tri category(String category, Set<String> set) {
        if (under(category, set)) {
            return Tri.TRUE;
        }
        for (String named : set) {
            if (bundle.vocabulary().isUnder(named, category)) {
                return Tri.UNKNOWN;
            }
        }
        return Tri.FALSE;
    }

    private static String jurisdiction(Model.JField field, Transfer t) {
        if (field == Model.JField.ORIGIN) {
            return t.origin();
        } else if (field == Model.JField.DESTINATION) {
            return t.destination();
        }
        return t.recipient().jurisdiction() != null ? t.recipient().jurisdiction() : t.destination();
    }

    private static String value(Model.ValueIn v, Transfer t) {
        if (v.field() == Model.VField.ACTION) {
            return t.action().name().toLowerCase(java.util.Locale.ROOT);
        } else if (v.field() == Model.VField.RECIPIENT_KIND) {
            return t.recipient().kind();
        } else if (v.field() == Model.VField.TRANSACTION) {
            return t.transaction();
        } else if (v.field() == Model.VField.PURPOSE) {
            return t.purpose();
        }
        Object value = t.entity().get(key(v.attribute()));
        return value instanceof String s ? s : null;
    }

    private boolean under(String category, Set<String> ancestors) {
        for (String ancestor : ancestors) {
            if (bundle.vocabulary().isUnder(category, ancestor)) {
                return true;
            }
        }
        return false;
    }

    private static String key(String attribute) {
        return attribute.substring("entity.".length());
    }

    private static long numberAttribute(Transfer t, String attribute) {
        Object value = t.entity().get(key(attribute));
        return value instanceof Long n ? n : 0;
    }

    /** A basis limited to jurisdictions or a recipient counts only for transfers to them. */
    private static boolean withinLimits(LegalBasis b, Transfer t) {
        String recipientJurisdiction = t.recipient().jurisdiction() == null ? t.destination() : t.recipient().jurisdiction();
        boolean places = b.jurisdictions().isEmpty()
                || (b.jurisdictions().contains(t.destination()) && b.jurisdictions().contains(recipientJurisdiction));
        return places && (b.recipient() == null || b.recipient().equals(t.recipient().name()));
    }

    /** The entry of {@code name} on file and in force on the transfer's date, or {@code null}. */
    private static LegalBasis validBasis(Transfer t, String name) {
        for (LegalBasis b : t.bases()) {
            boolean started = b.since() == null || !t.date().isBefore(b.since());
            boolean ended = b.until() != null && t.date().isAfter(b.until());
            if (b.name().equals(name) && started && !ended && withinLimits(b, t)) {
                return b;
            }
        }
        return null;
    }

    /** The earliest start among the valid entries of a basis that have one: in force since then. */
    private static LocalDate earliestSince(Transfer t, String name) {
        LocalDate earliest = null;
        for (LegalBasis b : t.bases()) {
            if (b.name().equals(name) && b.validOn(t.date()) && withinLimits(b, t) && b.since() != null
                    && (earliest == null || b.since().isBefore(earliest))) {
                earliest = b.since();
            }
        }
        return earliest;
    }

    /** Monday to Friday after {@code since}, up to and including {@code date}, counted one day at a time. */
    static long workingDays(LocalDate since, LocalDate date) {
        long n = 0;
        for (LocalDate d = since.plusDays(1); !d.isAfter(date); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                n++;
            }
        }
        return n;
    }

    /**
     * Working days of a declared calendar, one day at a time: a day outside the calendar may be worked (if a
     * weekday) or not, so the comparison is unknown when the two readings disagree.
     */
    private static Tri calendarDays(Model.SinceCmp s, LocalDate since, LocalDate date) {
        Model.Calendar cal = s.calendar();
        long known = 0;
        long maybe = 0;
        for (LocalDate d = since.plusDays(1); !d.isAfter(date); d = d.plusDays(1)) {
            if (d.isBefore(cal.from()) || d.isAfter(cal.to())) {
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    maybe++;
                }
            } else if (cal.isWorkingDay(d)) {
                known++;
            }
        }
        boolean fewest = compare(s.op(), known, s.value());
        boolean most = compare(s.op(), known + maybe, s.value());
        return fewest == most ? Tri.of(fewest) : Tri.UNKNOWN;
    }

    private static boolean compare(Model.Cmp op, long left, long right) {
        switch (op) {
            case LT:
                return left < right;
            case LE:
                return left <= right;
            case GT:
                return left > right;
            case GE:
                return left >= right;
            case EQ:
                return left == right;
            case NE:
                return left != right;
            default:
                throw new IllegalStateException(op.name());
        }
    }

    // ---- counters ----

    /**
     * Distinct subjects of the transfers the counter counts in its window ending on {@code t}'s date, {@code t}
     * included when the counter counts it: ids once, subjects without ids as new people every time.
     */
    private long count(Model.Counter counter, Transfer t) {
        LocalDate start = counter.windowStart(t.date());
        List<Transfer> candidates = new ArrayList<>(counted);
        candidates.add(t);
        Set<String> ids = new HashSet<>();
        long anonymous = 0;
        for (Transfer u : candidates) {
            if (u.date().isBefore(start) || u.date().isAfter(t.date())) {
                continue;
            }
            if (counter.perCounterparty() && !party(u).equals(party(t))) {
                continue;
            }
            if (!counts(counter, u)) {
                continue;
            }
            Set<String> own = new LinkedHashSet<>(u.subjects().ids());
            ids.addAll(own);
            anonymous += u.subjects().count() - own.size();
        }
        return ids.size() + anonymous;
    }

    private static String party(Transfer t) {
        return t.recipient().name() == null ? "" : t.recipient().name();
    }

    /**
     * Whether {@code counter} counts {@code u}: its pack applies, a category qualifies and the filter holds, each
     * unless surely not, so that a count is never too low.
     */
    private boolean counts(Model.Counter counter, Transfer u) {
        Model.Pack pack = packOf(counter);
        Tri category = Tri.FALSE;
        for (String c : u.categories()) {
            Tri of = counter.of().isEmpty() ? Tri.TRUE : category(c, counter.of());
            category = category.or(of.and(category(c, counter.except()).not()));
        }
        Tri v = eval(pack.scope(), u).and(category).and(eval(counter.where(), u));
        return v != Tri.FALSE;
    }

    private Model.Pack packOf(Model.Counter counter) {
        for (Model.Pack p : bundle.packs()) {
            if (p.id().equals(counter.pack())) {
                return p;
            }
        }
        throw new IllegalStateException("no pack " + counter.pack());
    }

    /** For failure reports: the interpreter's view of the counters. */
    Map<String, Long> counterValues(Transfer t) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Model.Pack p : bundle.packs()) {
            for (Model.Counter c : p.counters()) {
                out.put(c.key(), count(c, t));
            }
        }
        return out;
    }
}
