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

    /** Decides {@code t} under the bundle, with the transfers recorded so far. */
    public Verdict decide(Transfer t) {
        boolean anyInScope = false;
        boolean denied = false;
        Set<String> reasons = new TreeSet<>();
        Set<String> unmet = new TreeSet<>();
        Set<String> obligations = new TreeSet<>();
        for (Model.Pack pack : bundle.packs()) {
            if (!holds(pack.scope(), t)) {
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
            if (r.effect() == Model.Effect.DENY && holds(r.when(), t)) {
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
            if (r.effect() == Model.Effect.EXEMPT && holds(r.when(), t)) {
                waived.addAll(r.names());
                matched.add(r);
                reasons.add(Verdict.reason(pack.id(), r.id(), Reason.Kind.EXEMPT));
            }
        }
        List<String> packUnmet = new ArrayList<>();
        for (Model.Rule r : pack.rules()) {
            if (r.effect() == Model.Effect.REQUIRE && !waived.contains(r.id()) && holds(r.when(), t)) {
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
            } else if (r.effect() == Model.Effect.ALLOW && holds(r.when(), t)) {
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

    boolean holds(Model.Cond c, Transfer t) {
        if (c instanceof Model.Const k) {
            return k.value();
        } else if (c instanceof Model.And a) {
            for (Model.Cond part : a.parts()) {
                if (!holds(part, t)) {
                    return false;
                }
            }
            return true;
        } else if (c instanceof Model.Or o) {
            for (Model.Cond part : o.parts()) {
                if (holds(part, t)) {
                    return true;
                }
            }
            return false;
        } else if (c instanceof Model.Not n) {
            return !holds(n.part(), t);
        } else if (c instanceof Model.JurisdictionIn j) {
            return j.codes().contains(jurisdiction(j.field(), t));
        } else if (c instanceof Model.SameJurisdiction j) {
            return jurisdiction(j.left(), t).equals(jurisdiction(j.right(), t));
        } else if (c instanceof Model.ValueIn v) {
            String value = value(v, t);
            return value != null && v.values().contains(value);
        } else if (c instanceof Model.CategoryQuant q) {
            return categories(q, t);
        } else if (c instanceof Model.PeopleQuant q) {
            List<String> people = q.field() == Model.PField.RESIDENCE
                    ? t.subjects().residence() : t.subjects().citizenship();
            if (q.every()) {
                return q.codes().containsAll(people);
            }
            for (String code : people) {
                if (q.codes().contains(code)) {
                    return true;
                }
            }
            return false;
        } else if (c instanceof Model.NumberCmp n) {
            long left = n.subjectsCount() ? t.subjects().count() : numberAttribute(t, n.attribute());
            return compare(n.op(), left, n.value());
        } else if (c instanceof Model.CountCmp k) {
            return compare(k.op(), count(k.counter(), t), k.value());
        } else if (c instanceof Model.Flag f) {
            return f.attribute() == null
                    ? t.recipient().coveredPerson()
                    : Boolean.TRUE.equals(t.entity().get(key(f.attribute())));
        } else if (c instanceof Model.HasBasis h) {
            return validBasis(t, h.basis()) != null;
        } else if (c instanceof Model.SinceCmp s) {
            LocalDate since = earliestSince(t, s.basis());
            if (since == null) {
                return false;
            }
            long days = s.workingDays() ? workingDays(since, t.date()) : ChronoUnit.DAYS.between(since, t.date());
            return compare(s.op(), days, s.value());
        } else if (c instanceof Model.DateCmp d) {
            return compare(d.op(), t.date().compareTo(d.value()), 0);
        }
        throw new IllegalStateException("unhandled condition " + c);
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

    private boolean categories(Model.CategoryQuant q, Transfer t) {
        for (String category : t.categories()) {
            boolean under = under(category, q.categories());
            if (q.every() && !under) {
                return false;
            }
            if (!q.every() && under) {
                return true;
            }
        }
        return q.every();
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

    /** The entry of {@code name} on file and in force on the transfer's date, or {@code null}. */
    private static LegalBasis validBasis(Transfer t, String name) {
        for (LegalBasis b : t.bases()) {
            boolean started = b.since() == null || !t.date().isBefore(b.since());
            boolean ended = b.until() != null && t.date().isAfter(b.until());
            if (b.name().equals(name) && started && !ended) {
                return b;
            }
        }
        return null;
    }

    /** The earliest start among the valid entries of a basis that have one: in force since then. */
    private static LocalDate earliestSince(Transfer t, String name) {
        LocalDate earliest = null;
        for (LegalBasis b : t.bases()) {
            if (b.name().equals(name) && b.validOn(t.date()) && b.since() != null
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

    /** Whether {@code counter} counts {@code u}: its pack applies, a category qualifies and the filter holds. */
    private boolean counts(Model.Counter counter, Transfer u) {
        Model.Pack pack = packOf(counter);
        if (!holds(pack.scope(), u)) {
            return false;
        }
        boolean category = false;
        for (String c : u.categories()) {
            boolean of = counter.of().isEmpty() || under(c, counter.of());
            if (of && !under(c, counter.except())) {
                category = true;
            }
        }
        return category && holds(counter.where(), u);
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
