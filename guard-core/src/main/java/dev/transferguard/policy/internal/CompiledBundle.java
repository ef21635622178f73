package dev.transferguard.policy.internal;

import dev.transferguard.policy.internal.check.Conditions;
import dev.transferguard.policy.internal.check.Jurisdictions;
import dev.transferguard.policy.internal.check.Model;
import dev.transferguard.policy.internal.syntax.Names;
import dev.transferguard.counters.CounterStore;
import dev.transferguard.internal.EngineDecision;
import dev.transferguard.Decision;
import dev.transferguard.InvalidTransferException;
import dev.transferguard.LegalBasis;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policies compiled once at load: every name is an index, every set a bit set, every condition a
 * tree of {@link Test}s. Deciding translates the transfer into {@link Facts} (reused per thread) and walks
 * the packs; only the resulting {@link Decision} is allocated on the way to an allow.
 */
public final class CompiledBundle {

    private static final int MAX_REMEDY_SIZE = 3;
    private static final int MAX_REMEDY_CANDIDATES = 12;

    private final Model.Bundle model;
    private final NameIndex categoryIndex;
    private final long[][] categoryClosures;
    private final NameIndex basisIndex;
    private final String[] basisNames;
    /** Each basis alone, as the remedy it most often is: made once, not per denial. */
    private final List<Set<String>> basisAlone;
    private final NameIndex kindIndex;
    private final NameIndex transactionIndex;
    private final NameIndex purposeIndex;
    private final NameIndex attributeIndex;
    /** The same, by the key a transfer's {@code entity} map uses: the name without {@code entity.}. */
    private final NameIndex attributeKeyIndex;
    private final Model.Attribute[] attributes;
    private final List<NameIndex> attributeValueIndex = new ArrayList<>();
    private final CompiledCounter[] counters;
    private final CompiledPack[] packs;
    /** The most rules any pack has. */
    private final int maxRules;
    private final Reason bundleDefaultReason;
    /** The obligations of each rule, keyed by the identity of its precomputed reason. */
    private final Map<Reason, List<String>> obligationsOf = new java.util.IdentityHashMap<>();
    private final ThreadLocal<Facts> facts;

    /** A pack ready to evaluate. */
    private static final class CompiledPack {
        final Model.Pack model;
        final Test scope;
        /** Whether the scope names no legal basis, so that adding bases cannot change it. */
        final boolean scopeBasisFree;
        final CompiledRule[] rules;
        final Reason defaultReason;

        CompiledPack(Model.Pack model, Test scope, CompiledRule[] rules, Reason defaultReason) {
            this.model = model;
            this.scope = scope;
            this.scopeBasisFree = Conditions.basesMentioned(model.scope()).isEmpty();
            this.rules = rules;
            this.defaultReason = defaultReason;
        }
    }

    /** A rule with its precomputed explanation. */
    private static final class CompiledRule {
        final Model.Rule model;
        /** The rule's effect, kept here so that evaluation reads it without following {@link #model}. */
        final Model.Effect effect;
        final Test when;
        final int[] bases;
        /** The bases the condition mentions, in the order of {@link Conditions#basesMentioned}: remedy candidates. */
        final int[] mentioned;
        /** Its position in the pack. */
        int index;
        /** For an {@code exempt} rule, the positions of the rules of its pack that it waives. */
        long[] waives;
        final Reason matched;
        final Reason unmetReason;
        final Requirement requirement;

        CompiledRule(Model.Rule model, Test when, int[] bases, int[] mentioned, Reason matched, Reason unmetReason,
                Requirement requirement) {
            this.model = model;
            this.effect = model.effect();
            this.when = when;
            this.bases = bases;
            this.mentioned = mentioned;
            this.matched = matched;
            this.unmetReason = unmetReason;
            this.requirement = requirement;
        }
    }

    /** A counter ready to count: which transfers it counts, and its window. */
    static final class CompiledCounter {
        final Model.Counter model;
        final String storeKey;
        final int index;
        Test filter;

        CompiledCounter(Model.Counter model, int index) {
            this.model = model;
            this.storeKey = model.key();
            this.index = index;
        }

        String counterparty(Transfer t) {
            return model.perCounterparty() ? partyOf(t) : null;
        }

        private static String partyOf(Transfer t) {
            return t.recipient().name() == null ? "" : t.recipient().name();
        }

        /** This counter's value for the decision, the current transfer included when the counter counts it. */
        long value(Facts f) {
            if (f.counterKnown[index]) {
                return f.counterValues[index];
            }
            long value;
            if (f.counters == null) {
                value = filter.test(f) ? f.subjectsCount : 0;
            } else {
                Transfer t = f.transfer;
                value = f.counters.count(storeKey, counterparty(t), model.windowStart(t.date()).toEpochDay(), f.epochDay,
                        filter.test(f) ? t.subjects() : null);
            }
            f.counterValues[index] = value;
            f.counterKnown[index] = true;
            return value;
        }
    }

    CompiledBundle(Model.Bundle model) {
        this.model = model;
        Model.Vocabulary v = model.vocabulary();
        List<String> categories = new ArrayList<>(new TreeSet<>(v.categoryParents().keySet()));
        categoryIndex = new NameIndex(categories);
        categoryClosures = new long[categories.size()][];
        for (int i = 0; i < categories.size(); i++) {
            long[] closure = Bits.of(categories.size());
            for (String c = categories.get(i); c != null; c = v.categoryParents().get(c)) {
                Bits.set(closure, categoryIndex.of(c));
            }
            categoryClosures[i] = closure;
        }
        basisNames = new TreeSet<>(v.bases()).toArray(String[]::new);
        basisIndex = new NameIndex(List.of(basisNames));
        basisAlone = java.util.Arrays.stream(basisNames).map(Set::of).toList();
        kindIndex = NameIndex.sorted(v.recipientKinds());
        transactionIndex = NameIndex.sorted(v.transactions());
        purposeIndex = NameIndex.sorted(v.purposes());
        attributes = v.attributes().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .toArray(Model.Attribute[]::new);
        attributeIndex = new NameIndex(java.util.Arrays.stream(attributes).map(Model.Attribute::name).toList());
        attributeKeyIndex = new NameIndex(java.util.Arrays.stream(attributes).map(Model.Attribute::key).toList());
        for (Model.Attribute a : attributes) {
            attributeValueIndex.add(NameIndex.sorted(a.values()));
        }

        List<CompiledCounter> allCounters = new ArrayList<>();
        Map<String, CompiledCounter> counterByKey = new HashMap<>();
        for (Model.Pack p : model.packs()) {
            for (Model.Counter c : p.counters()) {
                CompiledCounter cc = new CompiledCounter(c, allCounters.size());
                allCounters.add(cc);
                counterByKey.put(c.key(), cc);
            }
        }
        counters = allCounters.toArray(CompiledCounter[]::new);
        packs = new CompiledPack[model.packs().size()];
        int mostRules = 0;
        for (int i = 0; i < packs.length; i++) {
            Model.Pack p = model.packs().get(i);
            Test scope = compile(p.scope(), counterByKey);
            for (Model.Counter c : p.counters()) {
                CompiledCounter cc = counterByKey.get(c.key());
                cc.filter = new Test.And(new Test[] {scope, categoryFilter(c), compile(c.where(), counterByKey)});
            }
            List<CompiledRule> rules = new ArrayList<>();
            for (Model.Rule r : p.rules()) {
                rules.add(rule(r, counterByKey));
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
            mostRules = Math.max(mostRules, rules.size());
            Reason defaultReason = new Reason(p.id(), "default", Reason.Kind.DEFAULT,
                    "no rule matched; policy default is " + (p.defaultAllow() ? "allow" : "deny"),
                    p.pos().fileLine());
            packs[i] = new CompiledPack(p, scope, rules.toArray(CompiledRule[]::new), defaultReason);
        }
        maxRules = mostRules;
        bundleDefaultReason = new Reason("bundle", "default", Reason.Kind.DEFAULT,
                "no policy applies; bundle default is " + (model.defaultAllow() ? "allow" : "deny"),
                model.defaultSource());
        facts = ThreadLocal.withInitial(() -> new Facts(this));
    }

    int categoryCount() {
        return categoryClosures.length;
    }

    int basisCount() {
        return basisNames.length;
    }

    int attributeCount() {
        return attributes.length;
    }

    int maxRulesPerPack() {
        return maxRules;
    }

    /**
     * How many volume counters the packs declare.
     *
     * @return the number of counters
     */
    public int counterCount() {
        return counters.length;
    }

    /**
     * The resolved model this bundle was compiled from.
     *
     * @return the model
     */
    public Model.Bundle model() {
        return model;
    }

    // ---- compilation ----

    private CompiledRule rule(Model.Rule r, Map<String, CompiledCounter> counterByKey) {
        int[] bases = r.effect() == Model.Effect.REQUIRE
                ? r.names().stream().mapToInt(basisIndex::of).toArray() : new int[0];
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
        int[] mentioned = Conditions.basesMentioned(r.when()).stream().mapToInt(basisIndex::of).toArray();
        return new CompiledRule(r, compile(r.when(), counterByKey), bases, mentioned, matched, unmet, requirement);
    }

    private Test categoryFilter(Model.Counter c) {
        Test of = c.of().isEmpty() ? null : new Test.AnyCategory(categoryBits(c.of()));
        if (c.except().isEmpty()) {
            return of == null ? new Test.Const(true) : of;
        }
        // Some category of the transfer is under 'of' and not under 'except'.
        long[] ofBits = of == null ? null : categoryBits(c.of());
        long[] exceptBits = categoryBits(c.except());
        long[][] closures = categoryClosures;
        return new Test() {
            @Override
            boolean test(Facts f) {
                for (int i = 0; i < f.categoryCount; i++) {
                    long[] closure = closures[f.categories[i]];
                    if ((ofBits == null || Bits.intersects(closure, ofBits)) && !Bits.intersects(closure, exceptBits)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    private long[] categoryBits(Set<String> names) {
        long[] bits = Bits.of(categoryClosures.length);
        for (String n : names) {
            Bits.set(bits, categoryIndex.of(n));
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

    private Test compile(Model.Cond c, Map<String, CompiledCounter> counterByKey) {
        if (c instanceof Model.Const k) {
            return new Test.Const(k.value());
        } else if (c instanceof Model.And a) {
            return new Test.And(a.parts().stream().map(x -> compile(x, counterByKey)).toArray(Test[]::new));
        } else if (c instanceof Model.Or o) {
            return new Test.Or(o.parts().stream().map(x -> compile(x, counterByKey)).toArray(Test[]::new));
        } else if (c instanceof Model.Not n) {
            return new Test.Not(compile(n.part(), counterByKey));
        } else if (c instanceof Model.JurisdictionIn j) {
            return new Test.JurisdictionIn(j.field(), jurisdictionBits(j.codes()));
        } else if (c instanceof Model.SameJurisdiction j) {
            return new Test.SameJurisdiction(j.left(), j.right());
        } else if (c instanceof Model.ValueIn v) {
            return switch (v.field()) {
                case ACTION -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), actionIndex()));
                case RECIPIENT_KIND -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), kindIndex));
                case TRANSACTION -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), transactionIndex));
                case PURPOSE -> new Test.ValueIn(v.field(), -1, valueBits(v.values(), purposeIndex));
                case ATTRIBUTE -> {
                    int a = attributeIndex.of(v.attribute());
                    yield new Test.ValueIn(v.field(), a, valueBits(v.values(), attributeValueIndex.get(a)));
                }
            };
        } else if (c instanceof Model.CategoryQuant q) {
            return q.every()
                    ? new Test.EveryCategory(categoryBits(q.categories()), categoryClosures)
                    : new Test.AnyCategory(categoryBits(q.categories()));
        } else if (c instanceof Model.PeopleQuant q) {
            return new Test.People(q.every(), q.field() == Model.PField.RESIDENCE, jurisdictionBits(q.codes()));
        } else if (c instanceof Model.NumberCmp n) {
            return n.subjectsCount()
                    ? new Test.SubjectsCount(n.op(), n.value())
                    : new Test.AttributeNumber(attributeIndex.of(n.attribute()), n.op(), n.value());
        } else if (c instanceof Model.CountCmp k) {
            return new Test.Count(counterByKey.get(k.counter().key()), k.op(), k.value());
        } else if (c instanceof Model.Flag f) {
            return f.attribute() == null
                    ? new Test.CoveredPerson() : new Test.AttributeFlag(attributeIndex.of(f.attribute()));
        } else if (c instanceof Model.HasBasis h) {
            return new Test.HasBasis(basisIndex.of(h.basis()));
        } else if (c instanceof Model.SinceCmp s) {
            return new Test.Since(s.workingDays(), basisIndex.of(s.basis()), s.op(), s.value());
        } else if (c instanceof Model.DateCmp d) {
            return new Test.DateCmp(d.op(), d.value().toEpochDay());
        }
        throw new IllegalStateException("unhandled condition " + c.getClass().getSimpleName());
    }

    private static NameIndex actionIndex() {
        return new NameIndex(java.util.Arrays.stream(dev.transferguard.Action.values())
                .map(dev.transferguard.Action::code).toList());
    }

    // ---- deciding ----

    /**
     * Checks a transfer's names against the policies and translates it into this bundle's facts.
     *
     * @throws InvalidTransferException naming the first unknown name and the field it is in
     */
    private Facts facts(Transfer t, CounterStore store) {
        Facts f = facts.get();
        f.transfer = t;
        f.counters = store;
        f.origin = jurisdiction(t.origin(), "origin");
        f.destination = jurisdiction(t.destination(), "destination");
        f.recipientJurisdiction = jurisdiction(t.recipientJurisdiction(),
                t.recipient().jurisdiction() == null ? "destination" : "recipient.jurisdiction");
        f.action = t.action().ordinal();
        f.recipientKind = lookup(t.recipient().kind(), kindIndex, "recipient kind", "recipient.kind");
        f.transaction = lookup(t.transaction(), transactionIndex, "transaction", "transaction");
        // Purposes are open: only those the policies declare have legal weight, others are simply unmatched.
        f.purpose = purposeIndex.of(t.purpose());
        f.coveredPerson = t.recipient().coveredPerson();
        f.subjectsCount = t.subjects().count();
        f.epochDay = t.date().toEpochDay();

        f.categoryCount = 0;
        Bits.clear(f.categoryClosure);
        List<String> categories = t.categories();
        for (int i = 0; i < categories.size(); i++) {
            int c = categoryIndex.of(categories.get(i));
            if (c < 0) {
                throw unknown("category", categories.get(i), categoryIndex.names(), "categories[" + i + "]");
            }
            f.addCategory(c);
            Bits.or(f.categoryClosure, categoryClosures[c]);
        }
        boolean residenceClear = f.residenceEmpty;
        boolean citizenshipClear = f.citizenshipEmpty;
        // Not known to be clear until translated: an unknown code stops the translation with some bits set.
        f.residenceEmpty = false;
        f.citizenshipEmpty = false;
        f.residenceEmpty = people(t.subjects().residence(), f.residence, residenceClear, "subjects.residence");
        f.citizenshipEmpty = people(t.subjects().citizenship(), f.citizenship, citizenshipClear,
                "subjects.citizenship");

        Bits.clear(f.basesValid);
        List<LegalBasis> bases = t.bases();
        for (int i = 0; i < bases.size(); i++) {
            LegalBasis b = bases.get(i);
            int index = basisIndex.of(b.name());
            if (index < 0) {
                throw unknown("legal basis", b.name(), basisIndex.names(), "bases[" + i + "]");
            }
            if (b.validOn(t.date())) {
                long since = Facts.sinceDay(b);
                // Listed more than once: in force since the earliest start given.
                if (!Bits.get(f.basesValid, index) || f.basisSince[index] == Long.MIN_VALUE
                        || (since != Long.MIN_VALUE && since < f.basisSince[index])) {
                    f.basisSince[index] = since;
                }
                Bits.set(f.basesValid, index);
            }
        }
        attributes(t, f);
        java.util.Arrays.fill(f.counterKnown, false);
        return f;
    }

    private void attributes(Transfer t, Facts f) {
        if (f.attributesSet) {
            java.util.Arrays.fill(f.attributePresent, false);
            java.util.Arrays.fill(f.attributeFlags, false);
            java.util.Arrays.fill(f.attributeNumbers, 0L);
            f.attributesSet = false;
        }
        if (t.entity().isEmpty()) {
            return;
        }
        f.attributesSet = true;
        for (Map.Entry<String, Object> e : t.entity().entrySet()) {
            int a = attributeKeyIndex.of(e.getKey());
            if (a < 0) {
                String name = "entity." + e.getKey();
                throw unknown("attribute", name, attributeIndex.names(), name);
            }
            Model.Attribute attribute = attributes[a];
            String name = attribute.name();
            Object value = e.getValue();
            f.attributePresent[a] = true;
            switch (attribute.type()) {
                case BOOLEAN -> {
                    if (!(value instanceof Boolean flag)) {
                        throw new InvalidTransferException(name + " must be true or false", name);
                    }
                    f.attributeFlags[a] = flag;
                }
                case NUMBER -> {
                    if (!(value instanceof Long n)) {
                        throw new InvalidTransferException(name + " must be a whole number", name);
                    }
                    f.attributeNumbers[a] = n;
                }
                case ENUM -> {
                    int v = value instanceof String s ? attributeValueIndex.get(a).of(s) : -1;
                    if (v < 0) {
                        throw unknown("value of " + name, String.valueOf(value), attribute.values(), name);
                    }
                    f.attributeValues[a] = v;
                }
            }
        }
    }

    private static int jurisdiction(String code, String field) {
        int index = Jurisdictions.index(code);
        if (index < 0) {
            throw unknown("jurisdiction", code, Jurisdictions.all(), field);
        }
        return index;
    }

    /** Sets the bits of the codes; {@code into} holds the last transfer's, already clear if that had none. */
    private static boolean people(List<String> codes, long[] into, boolean alreadyClear, String field) {
        if (!alreadyClear) {
            Bits.clear(into);
        }
        for (int i = 0; i < codes.size(); i++) {
            int index = Jurisdictions.index(codes.get(i));
            if (index < 0) {
                throw unknown("jurisdiction", codes.get(i), Jurisdictions.all(), field + "[" + i + "]");
            }
            Bits.set(into, index);
        }
        return codes.isEmpty();
    }

    private static int lookup(String name, NameIndex index, String what, String field) {
        if (name == null) {
            return -1;
        }
        int i = index.of(name);
        if (i < 0) {
            throw unknown(what, name, index.names(), field);
        }
        return i;
    }

    private static InvalidTransferException unknown(String what, String name, java.util.Collection<String> known,
            String field) {
        String close = Names.closest(name, known);
        String shown = name.length() > 60 ? name.substring(0, 57) + "..." : name;
        return new InvalidTransferException("unknown " + what + " '" + shown + "' in " + field
                + (close == null ? "" : "; did you mean '" + close + "'?"), field);
    }

    /**
     * Decides a transfer.
     *
     * @param t     the transfer
     * @param store the counters' state, or {@code null} to count only the transfer itself
     * @return the decision
     * @throws InvalidTransferException if the transfer names something the policies do not declare
     */
    public Decision decide(Transfer t, CounterStore store) {
        Facts f = facts(t, store);
        Decision d = evaluate(f);
        f.transfer = null;
        f.counters = null;
        return d;
    }

    /**
     * Advances the counters with an allowed (or historical) transfer.
     *
     * @param t     the transfer
     * @param store the counters' state
     */
    public void record(Transfer t, CounterStore store) {
        if (counters.length == 0) {
            return;
        }
        Facts f = facts(t, null);
        for (CompiledCounter c : counters) {
            if (c.filter.test(f)) {
                store.record(c.storeKey, c.counterparty(t), f.epochDay, t.subjects());
            }
        }
        f.transfer = null;
    }

    private Decision evaluate(Facts f) {
        boolean anyInScope = false;
        boolean denied = false;
        // Denied by a pack that no set of bases can bring round: a remedy search would find nothing.
        boolean beyondRemedy = false;
        List<Reason> reasons = f.reasons;
        reasons.clear();
        List<Requirement> unmet = List.of();
        List<String> obligations = null;
        for (CompiledPack p : packs) {
            if (!p.scope.test(f)) {
                continue;
            }
            anyInScope = true;
            int before = reasons.size();
            PackVerdict v = evaluatePack(p, f, reasons, null);
            if (v.requirements != null) {
                if (unmet.isEmpty()) {
                    unmet = new ArrayList<>(2);
                }
                unmet.addAll(v.requirements);
            }
            if (!v.allowed) {
                denied = true;
                beyondRemedy |= v == PackVerdict.DENIED_WHATEVER_THE_BASES && p.scopeBasisFree;
            } else {
                for (int i = before; i < reasons.size(); i++) {
                    obligations = addObligations(obligations, reasons.get(i));
                }
            }
        }
        if (!anyInScope) {
            reasons.add(bundleDefaultReason);
            denied = !model.defaultAllow();
        }
        Outcome outcome = denied ? Outcome.DENY : Outcome.ALLOW;
        List<Set<String>> remedies = denied && !beyondRemedy ? remedies(f, unmet) : List.of();
        return new EngineDecision(outcome, obligations == null ? List.of() : immutableCopy(obligations),
                immutableCopy(unmet), immutableCopy(reasons), remedies, model.digest());
    }

    /** {@link List#copyOf} without the intermediate array for the usual one or two elements. */
    private static <T> List<T> immutableCopy(List<T> list) {
        switch (list.size()) {
            case 0:
                return List.of();
            case 1:
                return List.of(list.get(0));
            case 2:
                return List.of(list.get(0), list.get(1));
            default:
                return List.copyOf(list);
        }
    }

    /** Adds the obligations of a rule that took part, each once, in the order they first appear. */
    private List<String> addObligations(List<String> into, Reason r) {
        List<String> more = obligationsOf.get(r);
        if (more == null) {
            return into;
        }
        List<String> out = into == null ? new ArrayList<>(4) : into;
        for (int i = 0; i < more.size(); i++) {
            if (!out.contains(more.get(i))) {
                out.add(more.get(i));
            }
        }
        return out;
    }

    /** One pack's verdict: allowed or not, and its unmet requirements. */
    private record PackVerdict(boolean allowed, List<Requirement> requirements) {
        static final PackVerdict ALLOWED = new PackVerdict(true, null);
        static final PackVerdict DENIED = new PackVerdict(false, null);
        /** Denied by a rule whose condition names no legal basis: no remedy can change it. */
        static final PackVerdict DENIED_WHATEVER_THE_BASES = new PackVerdict(false, null);
    }

    /** The evaluation model: deny rules, then requirements less exemptions, then allow, then the default. */
    private PackVerdict evaluatePack(CompiledPack p, Facts f, List<Reason> reasons, byte[] memo) {
        CompiledRule[] rules = p.rules;
        boolean denied = false;
        boolean whateverTheBases = false;
        for (CompiledRule r : rules) {
            if (r.effect == Model.Effect.DENY && holds(r, f, memo)) {
                reasons.add(r.matched);
                denied = true;
                // A condition that names no basis holds whatever bases a remedy adds.
                whateverTheBases |= r.mentioned.length == 0;
            }
        }
        if (denied) {
            return whateverTheBases ? PackVerdict.DENIED_WHATEVER_THE_BASES : PackVerdict.DENIED;
        }
        long[] exempted = null;
        for (CompiledRule r : rules) {
            if (r.effect == Model.Effect.EXEMPT && holds(r, f, memo)) {
                if (exempted == null) {
                    exempted = f.exempted;
                    java.util.Arrays.fill(exempted, 0, r.waives.length, 0L);
                }
                for (int i = 0; i < r.waives.length; i++) {
                    exempted[i] |= r.waives[i];
                }
                reasons.add(r.matched);
            }
        }
        boolean anyMatched = exempted != null;
        List<Requirement> requirements = null;
        for (CompiledRule r : rules) {
            Model.Effect e = r.effect;
            if (e == Model.Effect.REQUIRE) {
                if ((exempted != null && Bits.get(exempted, r.index)) || !holds(r, f, memo)) {
                    continue;
                }
                anyMatched = true;
                if (met(r, f)) {
                    reasons.add(r.matched);
                } else {
                    reasons.add(r.unmetReason);
                    if (requirements == null) {
                        requirements = new ArrayList<>(2);
                    }
                    requirements.add(r.requirement);
                }
            } else if (e == Model.Effect.ALLOW && holds(r, f, memo)) {
                anyMatched = true;
                reasons.add(r.matched);
            }
        }
        if (requirements != null) {
            return new PackVerdict(false, requirements);
        }
        if (anyMatched) {
            return PackVerdict.ALLOWED;
        }
        reasons.add(p.defaultReason);
        return p.model.defaultAllow() ? PackVerdict.ALLOWED : PackVerdict.DENIED;
    }

    /**
     * Whether a rule's condition holds. In a remedy search ({@code memo} given) a condition that names no legal
     * basis is tested once: only the bases change from trial to trial.
     */
    private static boolean holds(CompiledRule r, Facts f, byte[] memo) {
        if (memo == null || r.mentioned.length > 0) {
            return r.when.test(f);
        }
        byte known = memo[r.index];
        if (known != 0) {
            return known > 0;
        }
        boolean value = r.when.test(f);
        memo[r.index] = value ? (byte) 1 : (byte) -1;
        return value;
    }

    private static boolean met(CompiledRule r, Facts f) {
        for (int b : r.bases) {
            if (f.hasBasis(b)) {
                return true;
            }
        }
        return false;
    }

    /** Allowed or not, without building explanations: the inner loop of the remedy search. */
    private boolean allows(Facts f, RemedySearch s) {
        boolean anyInScope = false;
        for (int i = 0; i < packs.length; i++) {
            CompiledPack p = packs[i];
            boolean inScope;
            if (p.scopeBasisFree) {
                if (s.scopeMemo[i] == 0) {
                    s.scopeMemo[i] = p.scope.test(f) ? (byte) 1 : (byte) -1;
                }
                inScope = s.scopeMemo[i] > 0;
            } else {
                inScope = p.scope.test(f);
            }
            if (inScope) {
                anyInScope = true;
                s.scratch.clear();
                if (!evaluatePack(p, f, s.scratch, s.memo[i]).allowed) {
                    return false;
                }
            }
        }
        return anyInScope || model.defaultAllow();
    }

    /**
     * The smallest sets of legal bases that would turn this denial into an allow. Candidates are the bases
     * of the unmet requirements and those the conditions of the packs in scope mention, in that order, less
     * those on file, at most {@value #MAX_REMEDY_CANDIDATES}; a basis added in a trial is valid from the
     * transfer's date. Sets are tried by size, and within a size in the order of the candidates; a set that
     * holds a smaller one already found is not tried.
     */
    private List<Set<String>> remedies(Facts f, List<Requirement> unmet) {
        RemedySearch s = f.remedySearch;
        if (s == null) {
            s = new RemedySearch(f, basisNames.length, packs);
            f.remedySearch = s;
        }
        s.start();
        for (Requirement r : unmet) {
            for (String b : r.anyOf()) {
                s.candidate(basisIndex.of(b));
            }
        }
        for (CompiledPack p : packs) {
            if (p.scope.test(f)) {
                for (CompiledRule r : p.rules) {
                    for (int b : r.mentioned) {
                        s.candidate(b);
                    }
                }
            }
        }
        try {
            for (int size = 1; size <= Math.min(MAX_REMEDY_SIZE, s.poolSize); size++) {
                trySubsets(s, size, 0, 0, 0);
            }
        } finally {
            s.restore();
        }
        return s.found;
    }

    /**
     * The state of a remedy search, kept with the thread's {@link Facts} and reused from one denial to the next;
     * a set of candidates is a bit mask over their positions in the pool.
     */
    static final class RemedySearch {
        final Facts f;
        final int[] pool = new int[MAX_REMEDY_CANDIDATES];
        int poolSize;
        final long[] seen;
        final long[] savedBases;
        final long[] savedSince;
        /** The sets found by this search; the decision takes a copy. */
        final List<Set<String>> found = new ArrayList<>(4);
        int[] foundMasks = new int[4];
        final List<Reason> scratch = new ArrayList<>();
        /** Per pack, then per rule: whether a condition that names no basis holds (1), does not (-1), or unknown. */
        final byte[][] memo;
        final byte[] scopeMemo;

        RemedySearch(Facts f, int basisCount, CompiledPack[] packs) {
            this.f = f;
            this.memo = new byte[packs.length][];
            for (int i = 0; i < packs.length; i++) {
                memo[i] = new byte[packs[i].rules.length];
            }
            this.scopeMemo = new byte[packs.length];
            this.seen = Bits.of(basisCount);
            this.savedBases = new long[f.basesValid.length];
            this.savedSince = new long[f.basisSince.length];
        }

        /** Forgets the last search and saves the bases of the transfer now in the facts. */
        void start() {
            poolSize = 0;
            Bits.clear(seen);
            System.arraycopy(f.basesValid, 0, savedBases, 0, savedBases.length);
            System.arraycopy(f.basisSince, 0, savedSince, 0, savedSince.length);
            found.clear();
            for (byte[] m : memo) {
                java.util.Arrays.fill(m, (byte) 0);
            }
            java.util.Arrays.fill(scopeMemo, (byte) 0);
        }

        /** Adds a candidate unless it was seen before, is on file or the pool is full. */
        void candidate(int basis) {
            if (Bits.get(seen, basis)) {
                return;
            }
            Bits.set(seen, basis);
            if (!f.hasBasis(basis) && poolSize < pool.length) {
                pool[poolSize++] = basis;
            }
        }

        /** Whether the candidates in {@code mask} include every basis of a set already found. */
        boolean holdsFound(int mask) {
            for (int i = 0; i < found.size(); i++) {
                if ((mask & foundMasks[i]) == foundMasks[i]) {
                    return true;
                }
            }
            return false;
        }

        void restore() {
            System.arraycopy(savedBases, 0, f.basesValid, 0, savedBases.length);
            System.arraycopy(savedSince, 0, f.basisSince, 0, savedSince.length);
        }

        void add(int mask, Set<String> names) {
            if (found.size() == foundMasks.length) {
                foundMasks = java.util.Arrays.copyOf(foundMasks, foundMasks.length * 2);
            }
            foundMasks[found.size()] = mask;
            found.add(names);
        }
    }

    private void trySubsets(RemedySearch s, int size, int from, int mask, int depth) {
        if (s.holdsFound(mask)) {
            return; // so does every set that extends this one
        }
        if (depth == size) {
            Facts f = s.f;
            s.restore();
            for (int i = 0; i < s.poolSize; i++) {
                if ((mask & (1 << i)) != 0) {
                    Bits.set(f.basesValid, s.pool[i]);
                    f.basisSince[s.pool[i]] = f.epochDay;
                }
            }
            if (allows(f, s)) {
                if (size == 1) {
                    s.add(mask, basisAlone.get(s.pool[Integer.numberOfTrailingZeros(mask)]));
                    return;
                }
                String[] names = new String[Integer.bitCount(mask)];
                int n = 0;
                for (int i = 0; i < s.poolSize; i++) {
                    if ((mask & (1 << i)) != 0) {
                        names[n++] = basisNames[s.pool[i]];
                    }
                }
                s.add(mask, Set.of(names)); // distinct: the pool holds each basis once
            }
            return;
        }
        for (int i = from; i < s.poolSize; i++) {
            trySubsets(s, size, i + 1, mask | (1 << i), depth + 1);
        }
    }
}
