package dev.transferguard.internal.classify;

import dev.transferguard.InvalidTransferException;
import dev.transferguard.Subjects;
import dev.transferguard.policy.internal.check.Jurisdictions;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One walk over the arguments of a call: collects categories, subjects, residences and citizenships. Each
 * object is visited once (by identity), so cycles end; depth is bounded, and a deeper graph fails rather
 * than be classified in part.
 */
final class Walk {

    /** Deeper argument graphs are refused rather than classified in part. */
    static final int MAX_DEPTH = 64;

    private final Classifier classifier;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>(8);
    /**
     * Distinct, sorted at the end. A call holds few categories, the same few again and again, and their names
     * are the planned slots' own strings: a list's equality check (identity first) is cheaper than a sorted
     * set's comparisons.
     */
    private final List<String> categories = new ArrayList<>(4);
    /** Distinct ids in the order met; {@link #idSet} takes over the check once there are many. */
    private List<String> ids;
    private Set<String> idSet;
    private TreeSet<String> residence;
    private TreeSet<String> citizenship;
    private long anonymous;
    private long holders;
    private boolean subjects;

    Walk(Classifier classifier) {
        this.classifier = classifier;
    }

    /**
     * Classifies the members of a root: the arguments of a call, read by their parameter slots.
     *
     * @param args  the arguments
     * @param slots one slot per parameter worth reading
     * @return what the arguments hold
     */
    Classification arguments(Object[] args, Slot[] slots) {
        boolean subject = false;
        for (Slot s : slots) {
            subject |= s.subjectId();
        }
        for (Slot s : slots) {
            Object v = s.accessor().read(args);
            if (s.annotated()) {
                annotated(s, v);
                if (s.categories() != null && present(v)) {
                    holders += size(v);
                }
            }
            if (s.walk()) {
                value(v, 1, s.categories() != null || subject);
            }
        }
        if (subject) {
            subjectOf(slots, args);
        }
        return result();
    }

    private void subjectOf(Slot[] slots, Object target) {
        subjects = true;
        for (Slot s : slots) {
            if (s.subjectId()) {
                Object id = unwrap(s.accessor().read(target));
                if (id == null) {
                    anonymous++;
                } else {
                    addId(classifier.subjectId(String.valueOf(id)));
                }
                return;
            }
        }
    }

    private static final int FEW_IDS = 8;

    private void addId(String pseudonym) {
        if (ids == null) {
            ids = new ArrayList<>(4);
        }
        if (idSet != null) {
            if (idSet.add(pseudonym)) {
                ids.add(pseudonym);
            }
        } else if (!ids.contains(pseudonym)) {
            ids.add(pseudonym);
            if (ids.size() > FEW_IDS) {
                idSet = new HashSet<>(ids);
            }
        }
    }

    private void value(Object v, int depth, boolean inHolder) {
        if (v == null) {
            return;
        }
        ClassPlan plan = classifier.plan(v.getClass());
        switch (plan.kind()) {
            case LEAF -> {
            }
            case OPAQUE -> throw new InvalidTransferException("an argument holds a " + v.getClass().getName()
                    + ", whose content the guard cannot see without consuming it; pass a collection or an array");
            case OPTIONAL -> value(((Optional<?>) v).orElse(null), depth, inHolder);
            case COLLECTION -> {
                if (enter(v, depth)) {
                    for (Object e : (Collection<?>) v) {
                        value(e, depth + 1, inHolder);
                    }
                }
            }
            case MAP -> {
                if (enter(v, depth)) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        value(e.getKey(), depth + 1, inHolder);
                        value(e.getValue(), depth + 1, inHolder);
                    }
                }
            }
            case ARRAY -> {
                if (enter(v, depth)) {
                    for (Object e : (Object[]) v) {
                        value(e, depth + 1, inHolder);
                    }
                }
            }
            case OBJECT -> {
                if (enter(v, depth)) {
                    object(v, plan, depth, inHolder);
                }
            }
        }
    }

    private void object(Object o, ClassPlan plan, int depth, boolean inHolder) {
        Slot[] slots = plan.slots();
        boolean holds = false;
        for (Slot s : slots) {
            if (!s.annotated()) {
                break;
            }
            Object v = s.accessor().read(o);
            holds |= annotated(s, v);
        }
        if (plan.subject()) {
            subjectOf(slots, o);
        } else if (holds && !inHolder) {
            holders++;
        }
        boolean nestedInHolder = inHolder || holds || plan.subject();
        for (Slot s : slots) {
            if (s.walk()) {
                value(s.accessor().read(o), depth + 1, nestedInHolder);
            }
        }
    }

    /** Records what an annotated member says; returns whether it holds present personal data. */
    private boolean annotated(Slot s, Object v) {
        boolean personal = false;
        if (s.categories() != null && present(v)) {
            for (String c : s.categories()) {
                if (!categories.contains(c)) {
                    categories.add(c);
                }
            }
            personal = true;
        }
        if (s.residence() && v != null) {
            if (residence == null) {
                residence = new TreeSet<>();
            }
            codes(v, residence, s.name(), "@SubjectResidence", 0);
        }
        if (s.citizenship() && v != null) {
            if (citizenship == null) {
                citizenship = new TreeSet<>();
            }
            codes(v, citizenship, s.name(), "@SubjectCitizenship", 0);
        }
        return personal;
    }

    private boolean enter(Object v, int depth) {
        if (seen.put(v, Boolean.TRUE) != null) {
            return false;
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidTransferException("the arguments are nested deeper than " + MAX_DEPTH
                    + " levels: they cannot be classified");
        }
        return true;
    }

    /**
     * Whether a value counts as present: not {@code null}, not an empty {@link Optional}, collection, map or
     * array.
     *
     * @param v a value
     * @return {@code true} if present
     */
    static boolean present(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Optional<?> o) {
            return o.isPresent();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v.getClass().isArray()) {
            return Array.getLength(v) > 0;
        }
        return true;
    }

    private static long size(Object v) {
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v.getClass().isArray()) {
            return Array.getLength(v);
        }
        return 1;
    }

    private static Object unwrap(Object v) {
        return v instanceof Optional<?> o ? o.orElse(null) : v;
    }

    private void codes(Object v, Set<String> into, String name, String annotation, int depth) {
        if (v == null) {
            return;
        }
        if (depth > 2) {
            throw badCode(name, annotation);
        }
        if (v instanceof Optional<?> o) {
            codes(o.orElse(null), into, name, annotation, depth + 1);
        } else if (v instanceof Collection<?> c) {
            for (Object e : c) {
                codes(e, into, name, annotation, depth + 1);
            }
        } else if (v instanceof Object[] a) {
            for (Object e : a) {
                codes(e, into, name, annotation, depth + 1);
            }
        } else {
            into.add(code(v, name, annotation));
        }
    }

    private static String code(Object v, String name, String annotation) {
        String raw;
        if (v instanceof CharSequence cs) {
            raw = cs.toString().trim().toUpperCase(Locale.ROOT);
        } else if (v instanceof Locale l) {
            raw = l.getCountry();
        } else if (v instanceof Enum<?> e) {
            raw = e.name();
        } else {
            throw badCode(name, annotation);
        }
        if (Jurisdictions.index(raw) < 0) {
            throw badCode(name, annotation);
        }
        return raw;
    }

    /** The value is personal data: the message names the member, never the value. */
    private static InvalidTransferException badCode(String name, String annotation) {
        return new InvalidTransferException(name + ": the " + annotation
                + " value is not a known ISO 3166-1 alpha-2 code");
    }

    private Classification result() {
        if (categories.isEmpty()) {
            return Classification.NONE;
        }
        int distinct = ids == null ? 0 : ids.size();
        long count = subjects ? distinct + anonymous : holders;
        Subjects s = new Subjects(residence == null ? List.of() : List.copyOf(residence),
                citizenship == null ? List.of() : List.copyOf(citizenship), count,
                ids == null ? List.of() : List.copyOf(ids));
        categories.sort(null);
        return new Classification(List.copyOf(categories), s);
    }
}
