package dev.transferguard.policy.internal.syntax;

import dev.transferguard.Action;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random valid policies and random transfers over one fixed vocabulary, for property tests.
 *
 * <p>A policy is generated as a small structure ({@link BundleSpec}) and rendered to source text, so that jqwik
 * can shrink it. References that depend on the rest of a pack (a counter for {@code count(...)}, a require rule
 * for {@code exempt from}) are drawn as numbers and resolved when rendering; where there is nothing to refer to,
 * the renderer writes an equivalent construct that needs no reference, so every spec renders to a valid file.
 */
public final class PolicyGen {

    private PolicyGen() {
    }

    // ---- the fixed vocabulary ----

    static final List<String> CATEGORIES = List.of("personal", "personal.contact", "personal.sensitive",
            "personal.sensitive.health", "personal.sensitive.biometric", "important", "non-personal");
    static final List<String> BASES = List.of("consent", "contract", "certification", "approval", "notified");
    static final List<String> KINDS = List.of("commercial", "government", "court");
    static final List<String> TRANSACTIONS = List.of("vendor", "brokerage", "employment");
    static final List<String> PURPOSES = List.of("support", "hr", "emergency");
    static final List<String> OBLIGATIONS = List.of("keep-records", "notify-subject", "encrypt");
    static final List<String> TIERS = List.of("small", "medium", "large");
    static final List<String> CODES = List.of("CN", "HK", "MO", "US", "DE", "FR", "SG", "JP");
    static final List<String> GROUPS = List.of("NEAR", "WEST", "WORLD");
    static final List<String> PARTIES = List.of("acme", "beta");

    static final LocalDate FIRST_DAY = LocalDate.of(2025, 10, 1);
    static final int DAYS = 300;

    static String vocabulary(Boolean bundleDefault) {
        StringBuilder sb = new StringBuilder("# Generated vocabulary\n");
        if (bundleDefault != null) {
            sb.append("bundle default ").append(bundleDefault ? "allow" : "deny").append('\n');
        }
        for (String c : CATEGORIES) {
            sb.append("category ").append(c).append(" \"the ").append(c).append(" data\"\n");
        }
        BASES.forEach(b -> sb.append("basis ").append(b).append('\n'));
        KINDS.forEach(k -> sb.append("recipient-kind ").append(k).append(" \"a kind\"\n"));
        TRANSACTIONS.forEach(k -> sb.append("transaction ").append(k).append('\n'));
        PURPOSES.forEach(k -> sb.append("purpose ").append(k).append('\n'));
        OBLIGATIONS.forEach(k -> sb.append("obligation ").append(k).append(" \"do it\"\n"));
        sb.append("attribute entity.ciio boolean \"operator of critical infrastructure\"\n");
        sb.append("attribute entity.ftz boolean\n");
        sb.append("attribute entity.staff number \"head count\"\n");
        sb.append("attribute entity.tier one of [").append(String.join(", ", TIERS)).append("]\n");
        // A calendar covering part of the generated days, so that periods reach out of it.
        sb.append("calendar JP \"a calendar\" from 2025-11-01 to 2026-04-30\n")
                .append("  non-working [2025-11-03, 2025-12-31, 2026-01-01, 2026-01-02, 2026-04-29]\n")
                .append("  working [2025-12-27]\n");
        sb.append("group NEAR = [CN, HK, MO] \"near\"\n");
        sb.append("group WEST = [US, DE,\n    FR]\n");
        sb.append("group WORLD = [NEAR, WEST, SG]\n");
        return sb.toString();
    }

    // ---- conditions ----

    /** A condition as written; {@link #render(Ctx)} gives its source text. */
    interface C {
        String render(Ctx ctx);
    }

    /** What a condition may refer to where it is rendered. */
    record Ctx(int counters, boolean countsAllowed) {
        static final Ctx NO_COUNTS = new Ctx(0, false);
    }

    record Bool(boolean value) implements C {
        public String render(Ctx ctx) {
            return Boolean.toString(value);
        }
    }

    /** {@code field in [..]}, {@code field not in X}, {@code field is x}, {@code field is not x}. */
    record Member(String field, int form, List<String> set) implements C {
        public String render(Ctx ctx) {
            switch (form) {
                case 0:
                    return field + " in " + names(set);
                case 1:
                    return field + " not in " + names(set);
                case 2:
                    return field + " is " + set.get(0);
                default:
                    return field + " is not " + set.get(0);
            }
        }
    }

    record Quant(boolean every, String field, List<String> set) implements C {
        public String render(Ctx ctx) {
            return (every ? "every " : "any ") + field + " in " + names(set);
        }
    }

    /** {@code subjects.count} or {@code entity.staff} compared with a number. */
    record NumberCmp(String field, String op, long value, boolean grouped) implements C {
        public String render(Ctx ctx) {
            return field + " " + op + " " + number(value, grouped);
        }
    }

    /** {@code count(c)}; where no counter may be named it is {@code subjects.count} instead. */
    record CountCmp(int counter, String op, long value) implements C {
        public String render(Ctx ctx) {
            if (!ctx.countsAllowed() || ctx.counters() == 0) {
                return "subjects.count " + op + " " + value;
            }
            return "count(c" + (counter % ctx.counters()) + ") " + op + " " + value;
        }
    }

    record HasBasis(String basis) implements C {
        public String render(Ctx ctx) {
            return "basis " + basis;
        }
    }

    record Since(boolean working, boolean calendar, String basis, String op, long value) implements C {
        public String render(Ctx ctx) {
            return (working ? calendar ? "working-days(JP)" : "working-days" : "days") + " since basis " + basis
                    + " " + op + " " + value;
        }
    }

    record DateCmp(String op, LocalDate value) implements C {
        public String render(Ctx ctx) {
            return "date " + op + " " + value;
        }
    }

    /** {@code entity.ciio}, {@code entity.ftz} or {@code recipient.coveredPerson}. */
    record Flag(String field) implements C {
        public String render(Ctx ctx) {
            return field;
        }
    }

    record And(List<C> parts) implements C {
        public String render(Ctx ctx) {
            return parts.stream().map(p -> p instanceof Or ? "(" + p.render(ctx) + ")" : p.render(ctx))
                    .collect(Collectors.joining(" and "));
        }
    }

    record Or(List<C> parts) implements C {
        public String render(Ctx ctx) {
            return parts.stream().map(p -> p.render(ctx)).collect(Collectors.joining(" or "));
        }
    }

    record Not(C part) implements C {
        public String render(Ctx ctx) {
            return part instanceof And || part instanceof Or ? "not (" + part.render(ctx) + ")"
                    : "not " + part.render(ctx);
        }
    }

    record Paren(C part) implements C {
        public String render(Ctx ctx) {
            return "(" + part.render(ctx) + ")";
        }
    }

    /** A list of names in brackets; a single name is sometimes written bare, as the language allows. */
    static String names(List<String> items) {
        if (items.size() == 1 && items.get(0).hashCode() % 2 == 0) {
            return items.get(0);
        }
        return "[" + String.join(", ", items) + "]";
    }

    static String number(long value, boolean grouped) {
        if (!grouped || value < 1000) {
            return Long.toString(value);
        }
        return String.format(java.util.Locale.ROOT, "%,d", value).replace(',', '_');
    }

    static final List<String> OPS = List.of("<", "<=", ">", ">=", "=", "!=");

    private static Arbitrary<String> op() {
        return Arbitraries.of(OPS);
    }

    private static Arbitrary<List<String>> someOf(List<String> pool, int min, int max) {
        return Arbitraries.of(pool).list().ofMinSize(min).ofMaxSize(max).uniqueElements();
    }

    private static Arbitrary<LocalDate> day() {
        return Arbitraries.integers().between(0, DAYS).map(FIRST_DAY::plusDays);
    }

    static Arbitrary<C> atom() {
        List<String> jurisdictions = new ArrayList<>(CODES);
        jurisdictions.addAll(GROUPS);
        Arbitrary<Integer> form = Arbitraries.integers().between(0, 3);
        Arbitrary<List<String>> places = Arbitraries.frequencyOf(Tuple.of(1, someOf(jurisdictions, 0, 0)),
                Tuple.of(9, someOf(jurisdictions, 1, 3)));
        Arbitrary<C> jurisdiction = Combinators.combine(
                Arbitraries.of("origin", "destination", "recipient.jurisdiction"), form, places)
                .as((f, k, s) -> member(f, k, s, jurisdictions));
        List<Arbitrary<C>> values = new ArrayList<>();
        for (String f : List.of("action", "recipient.kind", "transaction", "purpose", "entity.tier")) {
            List<String> pool = valuesOf(f);
            values.add(Combinators.combine(form, someOf(pool, 0, 2)).as((k, s) -> member(f, k, s, pool)));
        }
        Arbitrary<C> value = Arbitraries.oneOf(values);
        Arbitrary<C> category = Combinators.combine(Arbitraries.of(true, false), someOf(CATEGORIES, 1, 2))
                .as((every, s) -> new Quant(every, "category", s));
        Arbitrary<C> people = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of("residence", "citizenship"), someOf(jurisdictions, 1, 2)).as(Quant::new);
        Arbitrary<C> subjects = Combinators.combine(op(), Arbitraries.of(0L, 1L, 5L, 20L, 40L, 80L, 1500L),
                Arbitraries.of(true, false)).as((o, v, g) -> new NumberCmp("subjects.count", o, v, g));
        Arbitrary<C> staff = Combinators.combine(op(), Arbitraries.longs().between(0, 2000),
                Arbitraries.of(true, false)).as((o, v, g) -> new NumberCmp("entity.staff", o, v, g));
        Arbitrary<C> count = Combinators.combine(Arbitraries.integers().between(0, 2), op(),
                Arbitraries.longs().between(0, 250)).as(CountCmp::new);
        Arbitrary<C> basis = Arbitraries.of(BASES).map(HasBasis::new);
        Arbitrary<C> since = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(BASES), op(), Arbitraries.longs().between(0, 40)).as(Since::new);
        Arbitrary<C> date = Combinators.combine(op(), day()).as(DateCmp::new);
        Arbitrary<C> flag = Arbitraries.of("entity.ciio", "entity.ftz", "recipient.coveredPerson").map(Flag::new);
        Arbitrary<C> bool = Arbitraries.of(true, false).map(Bool::new);
        List<String> jurisdictionFields = List.of("origin", "destination", "recipient.jurisdiction");
        Arbitrary<C> sameJurisdiction = Combinators.combine(Arbitraries.of(jurisdictionFields),
                Arbitraries.of(2, 3), Arbitraries.of(jurisdictionFields))
                .as((left, isForm, right) -> new Member(left, isForm, List.of(right)));
        return Arbitraries.frequencyOf(
                Tuple.of(4, jurisdiction), Tuple.of(1, sameJurisdiction), Tuple.of(4, value), Tuple.of(4, category), Tuple.of(2, people),
                Tuple.of(2, subjects), Tuple.of(1, staff), Tuple.of(4, count), Tuple.of(3, basis),
                Tuple.of(2, since), Tuple.of(1, date), Tuple.of(2, flag), Tuple.of(1, bool));
    }

    private static C member(String field, int form, List<String> set, List<String> pool) {
        if (form >= 2 && set.size() != 1) {
            // 'is' takes exactly one value
            return new Member(field, form, List.of(set.isEmpty() ? pool.get(0) : set.get(0)));
        }
        return new Member(field, form, set);
    }

    private static List<String> valuesOf(String field) {
        switch (field) {
            case "action":
                return List.of("transfer", "store", "access");
            case "recipient.kind":
                return KINDS;
            case "transaction":
                return TRANSACTIONS;
            case "purpose":
                return PURPOSES;
            default:
                return TIERS;
        }
    }

    private static final Arbitrary<C> ATOM = atom();
    private static final List<Arbitrary<C>> CONDITIONS = new ArrayList<>();

    /** Conditions up to {@code depth} levels of and/or/not/parentheses. */
    static synchronized Arbitrary<C> condition(int depth) {
        while (CONDITIONS.size() <= depth) {
            CONDITIONS.add(CONDITIONS.isEmpty() ? ATOM : nest(CONDITIONS.get(CONDITIONS.size() - 1)));
        }
        return CONDITIONS.get(depth);
    }

    private static Arbitrary<C> nest(Arbitrary<C> smaller) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, ATOM),
                Tuple.of(3, smaller.list().ofMinSize(2).ofMaxSize(3).map(And::new)),
                Tuple.of(3, smaller.list().ofMinSize(2).ofMaxSize(3).map(Or::new)),
                Tuple.of(2, smaller.map(Not::new)),
                Tuple.of(1, smaller.map(Paren::new)));
    }

    // ---- packs ----

    /** A volume counter; window 0 is calendar-year, 1 months, 2 days. */
    record CounterSpec(List<String> of, List<String> except, Optional<C> where, int window, int length,
            boolean perCounterparty) {

        String render(int index) {
            StringBuilder sb = new StringBuilder("counter c").append(index).append(" = distinct subjects");
            if (!of.isEmpty()) {
                sb.append(" of ").append(names(of));
            }
            if (!except.isEmpty()) {
                sb.append(" except ").append(names(except));
            }
            where.ifPresent(w -> sb.append(" where ").append(w.render(Ctx.NO_COUNTS)));
            sb.append("\n    per ");
            if (window == 0) {
                sb.append("calendar-year");
            } else if (window == 1) {
                sb.append(length).append(length == 1 ? " month" : " months");
            } else {
                sb.append(length).append(length == 1 ? " day" : " days");
            }
            if (perCounterparty) {
                sb.append(" per counterparty");
            }
            return sb.append('\n').toString();
        }
    }

    enum Effect { DENY, ALLOW, REQUIRE, EXEMPT }

    record RuleSpec(Effect effect, List<String> bases, List<Integer> exempts, Optional<C> when,
            List<String> obligations, String because) {
    }

    public record PackSpec(Optional<C> scope, boolean defaultAllow, List<CounterSpec> counters, List<RuleSpec> rules) {

        String render(String id) {
            return render(id, null);
        }

        /** The pack, its scope narrowed by {@code alsoWhen} (source text of a condition) unless that is null. */
        public String render(String id, String alsoWhen) {
            StringBuilder sb = new StringBuilder();
            sb.append("# pack ").append(id).append('\n');
            sb.append("policy ").append(id).append(" \"Pack ").append(id).append("\"\n");
            sb.append("  version 2026-01-").append(10 + rules.size()).append('\n');
            if (alsoWhen == null) {
                scope.ifPresent(s -> sb.append("  applies when ").append(s.render(Ctx.NO_COUNTS)).append('\n'));
            } else {
                sb.append("  applies when ").append(scope.map(s -> "(" + s.render(Ctx.NO_COUNTS) + ") and ").orElse(""))
                        .append(alsoWhen).append('\n');
            }
            sb.append("  default ").append(defaultAllow ? "allow" : "deny").append("\n\n");
            for (int i = 0; i < counters.size(); i++) {
                sb.append(counters.get(i).render(i));
            }
            Ctx ctx = new Ctx(counters.size(), true);
            List<String> requireIds = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).effect() == Effect.REQUIRE) {
                    requireIds.add("r" + i);
                }
            }
            for (int i = 0; i < rules.size(); i++) {
                RuleSpec r = rules.get(i);
                sb.append("\nrule r").append(i).append('\n').append("  ");
                Effect effect = r.effect() == Effect.EXEMPT && requireIds.isEmpty() ? Effect.ALLOW : r.effect();
                switch (effect) {
                    case DENY -> sb.append("deny");
                    case ALLOW -> sb.append("allow");
                    case REQUIRE -> sb.append(r.bases().size() == 1 && i % 2 == 0
                            ? "require " + r.bases().get(0)
                            : "require one of [" + String.join(", ", r.bases()) + "]");
                    case EXEMPT -> {
                        LinkedHashSet<String> targets = new LinkedHashSet<>();
                        for (int pick : r.exempts()) {
                            targets.add(requireIds.get(pick % requireIds.size()));
                        }
                        sb.append("exempt from ").append(names(new ArrayList<>(targets)));
                    }
                }
                r.when().ifPresent(w -> sb.append(" when ").append(w.render(ctx)));
                if (!r.obligations().isEmpty()) {
                    sb.append("\n  oblige ").append(r.obligations().size() == 1 && i % 3 == 0
                            ? r.obligations().get(0) : "[" + String.join(", ", r.obligations()) + "]");
                }
                sb.append("\n  because \"").append(r.because().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\"\n");
            }
            return sb.toString();
        }
    }

    /** The bundle default ({@code null}: not declared) and the packs, each in its own file. */
    public record BundleSpec(Boolean bundleDefault, List<PackSpec> packs) {

        /** @return file name to source text, the vocabulary first */
        public Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("vocabulary.guard", vocabulary(bundleDefault));
            for (int i = 0; i < packs.size(); i++) {
                files.put("packs/p" + i + ".guard", packs.get(i).render("test.p" + i));
            }
            return files;
        }

        /** @return every file, each under a header line naming it, for failure messages */
        public String source() {
            StringBuilder sb = new StringBuilder();
            files().forEach((name, text) -> sb.append("==> ").append(name).append(" <==\n").append(text));
            return sb.toString();
        }

        @Override
        public String toString() {
            return source();
        }
    }

    static Arbitrary<CounterSpec> counter() {
        return Combinators.combine(someOf(CATEGORIES, 0, 2), someOf(CATEGORIES, 0, 1),
                condition(1).optional(0.3), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 200), Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)))
                .as((of, except, where, window, length, party) -> new CounterSpec(of, except, where, window,
                        window == 1 ? 1 + length % 24 : length, party));
    }

    static Arbitrary<RuleSpec> rule() {
        Arbitrary<String> because = Arbitraries.of("Art. 38", "PIPL Art. 39(1)", "a \"quoted\" article",
                "back\\slash", "§ 12 – Übermittlung", "");
        Arbitrary<Effect> effect = Arbitraries.frequency(Tuple.of(1, Effect.DENY), Tuple.of(3, Effect.ALLOW),
                Tuple.of(4, Effect.REQUIRE), Tuple.of(2, Effect.EXEMPT));
        // Deny rules get narrower conditions (a conjunction), so that not nearly every pack denies.
        Arbitrary<Optional<C>> denyWhen = condition(2).list().ofMinSize(2).ofMaxSize(3).<C>map(And::new)
                .optional(0.95);
        Arbitrary<Optional<C>> otherWhen = condition(3).optional(0.92);
        Arbitrary<Tuple.Tuple2<Effect, Optional<C>>> effectAndWhen = effect.flatMap(e -> e == Effect.DENY
                ? denyWhen.map(w -> Tuple.of(e, w)) : otherWhen.map(w -> Tuple.of(e, w)));
        return Combinators.combine(effectAndWhen, someOf(BASES, 1, 3),
                Arbitraries.integers().between(0, 7).list().ofMinSize(1).ofMaxSize(2), someOf(OBLIGATIONS, 0, 2),
                because).as((ew, bases, exempts, obligations, text) -> new RuleSpec(ew.get1(), bases, exempts,
                        ew.get2(), obligations, text));
    }

    public static Arbitrary<PackSpec> pack() {
        return Combinators.combine(condition(2).optional(0.6),
                Arbitraries.frequency(Tuple.of(7, true), Tuple.of(3, false)),
                counter().list().ofMaxSize(3), rule().list().ofMinSize(1).ofMaxSize(8)).as(PackSpec::new);
    }

    public static Arbitrary<BundleSpec> bundle() {
        return Combinators.combine(Arbitraries.of(true, false).injectNull(0.2), pack().list().ofMinSize(1)
                .ofMaxSize(3)).as(BundleSpec::new);
    }

    // ---- transfers ----

    /**
     * Subjects, with or without residence and citizenship. With {@code countMayBeMissing}, a fifth have no ids and
     * a count of 0, which is a count the transfer does not give.
     */
    static Arbitrary<Subjects> subjects(boolean countMayBeMissing) {
        Arbitrary<List<String>> ids = Arbitraries.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7").list()
                .ofMaxSize(5);
        Arbitrary<List<String>> someIds = countMayBeMissing
                ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.<String>of())), Tuple.of(4, ids)) : ids;
        Arbitrary<Long> more = Arbitraries.longs().between(countMayBeMissing ? 0 : 1, 60);
        return Combinators.combine(someOf(CODES, 0, 2), someOf(CODES, 0, 2), someIds, more)
                .as((residence, citizenship, idList, extra) -> new Subjects(residence, citizenship,
                        idList.stream().distinct().count() + extra, idList));
    }

    static Arbitrary<Map<String, Object>> entity() {
        return Combinators.combine(Arbitraries.of(true, false).optional(0.5),
                Arbitraries.of(true, false).optional(0.5), Arbitraries.longs().between(0, 2000).optional(0.6),
                Arbitraries.of(TIERS).optional(0.6)).as((ciio, ftz, staff, tier) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    ciio.ifPresent(v -> m.put("ciio", v));
                    ftz.ifPresent(v -> m.put("ftz", v));
                    staff.ifPresent(v -> m.put("staff", v));
                    tier.ifPresent(v -> m.put("tier", v));
                    return m;
                });
    }

    static Arbitrary<Recipient> recipient() {
        return Combinators.combine(Arbitraries.of(PARTIES).injectNull(0.3), Arbitraries.of(KINDS).injectNull(0.3),
                Arbitraries.of(CODES).injectNull(0.5), Arbitraries.of(true, false).injectNull(0.3))
                .as(Recipient::new);
    }

    /** Each basis at most once, with or without validity dates. */
    static Arbitrary<List<LegalBasis>> bases() {
        Arbitrary<Optional<LegalBasis>> one = Combinators.combine(Arbitraries.of(BASES),
                Arbitraries.integers().between(0, 6), day(), Arbitraries.integers().between(0, 120))
                .as((name, kind, since, length) -> {
                    switch (kind) {
                        case 5:
                            // Limited to places: some transfers go there, some not.
                            return Optional.of(new LegalBasis(name, since, null).limitedTo(
                                    CODES.get(length % CODES.size()), CODES.get(length / 3 % CODES.size())));
                        case 6:
                            return Optional.of(LegalBasis.of(name).limitedToRecipient(PARTIES.get(length % 2)));
                        case 0:
                            return Optional.<LegalBasis>empty();
                        case 1:
                            return Optional.of(LegalBasis.of(name));
                        case 2:
                            return Optional.of(new LegalBasis(name, since, null));
                        case 3:
                            return Optional.of(new LegalBasis(name, null, since));
                        default:
                            return Optional.of(new LegalBasis(name, since, since.plusDays(length)));
                    }
                });
        // The same basis may be listed twice, with different dates: the decision must not depend on the order.
        return one.list().ofMaxSize(5).map(list -> list.stream().flatMap(Optional::stream).toList());
    }

    /**
     * A random transfer that gives its count. Recipient kind, transaction, purpose, residence, citizenship and a
     * basis's start may be missing, and categories may be coarse ({@code personal}, {@code personal.sensitive}).
     */
    public static Arbitrary<Transfer> transfer() {
        return transfer(false);
    }

    /**
     * A random transfer as {@link #transfer()}, which with {@code countMayBeMissing} may also leave out its count.
     *
     * @param countMayBeMissing whether the count may be left out
     * @return the transfers
     */
    public static Arbitrary<Transfer> transfer(boolean countMayBeMissing) {
        Arbitrary<Transfer.Builder> where = Combinators.combine(Arbitraries.of(Action.class), day(),
                Arbitraries.of(CODES), Arbitraries.of(CODES), someOf(CATEGORIES, 1, 3))
                .as((action, date, origin, destination, categories) -> Transfer.builder().action(action).date(date)
                        .origin(origin).destination(destination).categories(categories.toArray(String[]::new)));
        List<String> purposes = new ArrayList<>(PURPOSES);
        purposes.add("research"); // an undeclared purpose has no legal weight: it matches nothing
        return Combinators.combine(where, subjects(countMayBeMissing), entity(), recipient(),
                Arbitraries.of(TRANSACTIONS).injectNull(0.3), Arbitraries.of(purposes).injectNull(0.3), bases())
                .as((b, subjects, entity, recipient, transaction, purpose, bases) -> {
                    b.subjects(subjects).recipient(recipient).transaction(transaction).purpose(purpose);
                    entity.forEach(b::entity);
                    bases.forEach(b::basis);
                    return b.build();
                });
    }
}
