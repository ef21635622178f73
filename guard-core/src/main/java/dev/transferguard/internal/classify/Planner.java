package dev.transferguard.internal.classify;

import dev.transferguard.InvalidAnnotationException;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectCitizenship;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.policy.internal.syntax.Names;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works out the {@link ClassPlan} of a class: its annotated fields, record components and getters, and the
 * members worth looking into. Checks every annotation as it goes, so that a mistake fails at startup with
 * the class and member named.
 */
final class Planner {

    private final Set<String> categories;

    /**
     * @param categories the categories the policies declare
     */
    Planner(Set<String> categories) {
        this.categories = categories;
    }

    /**
     * Plans a class.
     *
     * @param type the class
     * @return its plan
     * @throws InvalidAnnotationException if an annotation cannot be used
     */
    ClassPlan plan(Class<?> type) {
        if (type == Optional.class) {
            return ClassPlan.OPTIONAL;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return ClassPlan.COLLECTION;
        }
        if (Map.class.isAssignableFrom(type)) {
            return ClassPlan.MAP;
        }
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? ClassPlan.LEAF : ClassPlan.ARRAY;
        }
        if (Types.isOpaque(type)) {
            return ClassPlan.OPAQUE;
        }
        if (Types.isPlatform(type) || type.isEnum() || type.isAnnotation() || type.isSynthetic()) {
            return ClassPlan.LEAF;
        }
        List<Slot> slots = type.isRecord() ? recordSlots(type) : beanSlots(type);
        long ids = slots.stream().filter(Slot::subjectId).count();
        if (ids > 1) {
            throw new InvalidAnnotationException(type.getName() + " has " + ids
                    + " @SubjectId members; a data subject has one id");
        }
        slots.sort((a, b) -> Boolean.compare(b.annotated(), a.annotated()));
        return ClassPlan.object(slots.toArray(new Slot[0]));
    }

    private List<Slot> recordSlots(Class<?> type) {
        List<Slot> slots = new ArrayList<>();
        Map<String, Method> getters = getters(type);
        for (RecordComponent rc : type.getRecordComponents()) {
            Method accessor = rc.getAccessor();
            String name = type.getName() + "." + rc.getName();
            // An annotation on a component also reaches the accessor and the field: read the component's, or
            // else an interface's on the accessor's method.
            Method inherited = getters.remove(accessor.getName());
            AnnotatedElement annotations = annotated(rc) || inherited == null ? rc : inherited;
            Slot slot = slot(name, annotations, rc.getGenericType(), () -> accessible(accessor, name));
            if (slot != null) {
                slots.add(slot);
            }
        }
        for (Method m : getters.values()) {
            addGetter(slots, type, m);
        }
        return slots;
    }

    private List<Slot> beanSlots(Class<?> type) {
        List<Slot> slots = new ArrayList<>();
        for (Class<?> c = type; c != null && !Types.isPlatform(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getName().contains("$")) {
                    continue;
                }
                String name = c.getName() + "." + f.getName();
                Slot slot = slot(name, f, f.getGenericType(), () -> accessible(f, name));
                if (slot != null) {
                    slots.add(slot);
                }
            }
        }
        for (Method m : getters(type).values()) {
            addGetter(slots, type, m);
        }
        return slots;
    }

    private void addGetter(List<Slot> slots, Class<?> type, Method m) {
        String name = type.getName() + "." + m.getName() + "()";
        Slot slot = slot(name, m, m.getGenericReturnType(), () -> accessible(m, name));
        if (slot != null && slot.annotated()) {
            slots.add(slot);
        }
    }

    /** The annotated methods of a class, its superclasses and interfaces, one per name; checked to be getters. */
    private static Map<String, Method> getters(Class<?> type) {
        Map<String, Method> found = new LinkedHashMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        Set<Class<?>> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (Types.isPlatform(c) || !seen.add(c)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge() || !annotated(m)) {
                    continue;
                }
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                        || m.getReturnType() == void.class) {
                    throw new InvalidAnnotationException(c.getName() + "." + m.getName()
                            + "(): personal-data annotations on a method need a getter (an instance method with no"
                            + " parameters that returns the value)");
                }
                found.putIfAbsent(m.getName(), m);
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return found;
    }

    private static boolean annotated(AnnotatedElement e) {
        return e.isAnnotationPresent(PersonalData.class) || e.isAnnotationPresent(SubjectId.class)
                || e.isAnnotationPresent(SubjectResidence.class) || e.isAnnotationPresent(SubjectCitizenship.class);
    }

    /** Something that makes an accessor, failing with a message that names the member. */
    interface AccessorSource {
        Accessor get();
    }

    /**
     * The slot of one member, or {@code null} when it is neither annotated nor worth looking into.
     *
     * @param name     {@code Class.member}
     * @param element  where the annotations are
     * @param type     the declared type
     * @param accessor makes the accessor, only when the slot is kept
     * @return the slot, or {@code null}
     */
    Slot slot(String name, AnnotatedElement element, Type type, AccessorSource accessor) {
        PersonalData pd = element.getAnnotation(PersonalData.class);
        String[] cats = pd == null ? null : checkCategories(name, pd.category());
        boolean id = element.isAnnotationPresent(SubjectId.class);
        boolean residence = element.isAnnotationPresent(SubjectResidence.class);
        boolean citizenship = element.isAnnotationPresent(SubjectCitizenship.class);
        if (residence || citizenship) {
            checkCodeType(name, type, residence ? "@SubjectResidence" : "@SubjectCitizenship");
        }
        Class<?> opaque = Types.opaqueHolder(type);
        if (opaque != null) {
            throw new InvalidAnnotationException(name + ": a " + opaque.getName() + " may hold personal data that"
                    + " the guard cannot see without consuming or calling it; pass a collection, an array or the"
                    + " objects themselves");
        }
        boolean walk = Types.mayHoldData(type);
        if (cats == null && !id && !residence && !citizenship && !walk) {
            return null;
        }
        return new Slot(name, type, accessor.get(), cats, id, residence, citizenship, walk);
    }

    private String[] checkCategories(String name, String[] given) {
        if (given.length == 0) {
            throw new InvalidAnnotationException(name + ": @PersonalData needs at least one category");
        }
        for (String c : given) {
            if (!categories.contains(c)) {
                String close = Names.closest(c, categories);
                throw new InvalidAnnotationException(name + ": @PersonalData names unknown category '" + c + "'"
                        + (close == null ? "" : "; did you mean '" + close + "'?"));
            }
        }
        return given.clone();
    }

    private static void checkCodeType(String name, Type type, String annotation) {
        boolean[] ok = {true};
        Types.elements(type, c -> ok[0] &= c == Object.class || CharSequence.class.isAssignableFrom(c)
                || c == Locale.class || c.isEnum() || c == java.io.Serializable.class || c == Comparable.class);
        if (!ok[0]) {
            throw new InvalidAnnotationException(name + ": " + annotation
                    + " needs an ISO 3166-1 alpha-2 code: a String, a Locale, an enum, or a collection of them");
        }
    }

    private static Accessor accessible(Field f, String name) {
        if (!f.trySetAccessible()) {
            throw new InvalidAnnotationException("cannot read " + name + ": its package is not open to Transfer Guard"
                    + " (open it in module-info.java, or annotate a public getter instead)");
        }
        return Accessor.of(f);
    }

    private static Accessor accessible(Method m, String name) {
        if (!m.trySetAccessible()) {
            throw new InvalidAnnotationException("cannot call " + name + ": its package is not open to Transfer Guard"
                    + " (open it in module-info.java)");
        }
        return Accessor.of(m);
    }
}
