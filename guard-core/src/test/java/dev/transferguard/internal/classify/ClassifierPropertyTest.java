package dev.transferguard.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.internal.Pseudonyms;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The categories of a call are exactly those of the annotated members that are present (not null) anywhere
 * in its argument graph: in beans, records, subclasses and getters, through lists, nested lists, map keys and
 * values, arrays and optionals, with cycles.
 */
class ClassifierPropertyTest {

    static class Bean {
        @PersonalData(category = "personal.contact")
        String contact;
        @PersonalData(category = "personal.identity")
        Integer identity;
        String decoy = "not personal";
        List<Object> kids = new ArrayList<>();
        Object back;
    }

    static class Sub extends Bean {
        @PersonalData(category = "personal.account")
        String account;
    }

    record Rec(@PersonalData(category = "personal.device") String device,
            @PersonalData(category = "personal.behaviour") String behaviour, Object kids) {
    }

    static final class Got {
        private final String health;
        private final Object[] kids;

        Got(String health, Object[] kids) {
            this.health = health;
            this.kids = kids;
        }

        @PersonalData(category = "personal.sensitive.health")
        public String getHealth() {
            return health;
        }
    }

    /** Where a node hangs from its parent. */
    enum Container { DIRECT, LIST, NESTED_LIST, MAP_VALUE, MAP_KEY, ARRAY, OPTIONAL }

    /** A node of a random argument graph: its kind, which annotated members are set, its children. */
    record Desc(int kind, List<Boolean> set, List<Child> children) {
    }

    record Child(Container container, Desc node) {
    }

    static final String[][] CATEGORIES = {
        {"personal.contact", "personal.identity"},
        {"personal.device", "personal.behaviour"},
        {"personal.contact", "personal.identity", "personal.account"},
        {"personal.sensitive.health"},
    };

    interface Sink {
        @GuardedTransfer(destination = "SG")
        void send(Object value);
    }

    final Classifier classifier = new Classifier(ClassifierTest.CATEGORIES, new Pseudonyms(ClassifierTest.KEY));
    final MethodPlan plan = plan();

    private MethodPlan plan() {
        try {
            Method m = Sink.class.getMethod("send", Object.class);
            return MethodPlan.of(m, null, classifier, "CN");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 500)
    void categoriesAreExactlyThePresentAnnotatedMembers(@ForAll("graphs") Desc root, @ForAll boolean cyclic) {
        List<Bean> beans = new ArrayList<>();
        Object graph = build(root, beans);
        if (cyclic) {
            for (Bean b : beans) {
                b.back = graph;
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        expect(root, expected);

        Classification c = plan.classify(new Object[] {graph});

        assertEquals(List.copyOf(expected), c.categories());
        assertTrue(expected.isEmpty() == (c.subjects().count() == 0), "people iff personal data");
    }

    @Provide
    Arbitrary<Desc> graphs() {
        return Arbitraries.integers().between(0, 4).flatMap(this::desc);
    }

    private Arbitrary<Desc> desc(int depth) {
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        Arbitrary<List<Boolean>> set = Arbitraries.of(true, false).list().ofSize(3);
        if (depth == 0) {
            return Combinators.combine(kind, set).as((k, s) -> new Desc(k, s, List.of()));
        }
        Arbitrary<Child> child = Combinators.combine(Arbitraries.of(Container.class), desc(depth - 1))
                .as(Child::new);
        return Combinators.combine(kind, set, child.list().ofMaxSize(3)).as(Desc::new);
    }

    private static void expect(Desc d, TreeSet<String> into) {
        String[] cats = CATEGORIES[d.kind()];
        for (int i = 0; i < cats.length; i++) {
            if (d.set().get(i)) {
                into.add(cats[i]);
            }
        }
        for (Child c : d.children()) {
            expect(c.node(), into);
        }
    }

    private static Object build(Desc d, List<Bean> beans) {
        List<Object> kids = new ArrayList<>();
        for (Child c : d.children()) {
            kids.add(wrap(c.container(), build(c.node(), beans)));
        }
        List<Boolean> s = d.set();
        switch (d.kind()) {
            case 0, 2 -> {
                Bean b = d.kind() == 0 ? new Bean() : new Sub();
                b.contact = s.get(0) ? "someone@example.com" : null;
                b.identity = s.get(1) ? 42 : null;
                if (b instanceof Sub sub) {
                    sub.account = s.get(2) ? "acct-1" : null;
                }
                b.kids = kids;
                beans.add(b);
                return b;
            }
            case 1 -> {
                return new Rec(s.get(0) ? "SN-1" : null, s.get(1) ? "clicks" : null, kids);
            }
            default -> {
                return new Got(s.get(0) ? "flu" : null, kids.toArray());
            }
        }
    }

    private static Object wrap(Container container, Object node) {
        return switch (container) {
            case DIRECT -> node;
            case LIST -> List.of(node);
            case NESTED_LIST -> List.of(List.of(), List.of(node));
            case MAP_VALUE -> Map.of("key", node);
            case MAP_KEY -> {
                Map<Object, Object> m = new HashMap<>();
                m.put(node, "value");
                yield m;
            }
            case ARRAY -> new Object[] {node};
            case OPTIONAL -> Optional.of(node);
        };
    }
}
