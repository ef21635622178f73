package dev.transferguard.internal.classify;

import java.io.Serializable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** What the classifier needs to know about Java types: which hold nothing to look into, which are containers. */
final class Types {

    private Types() {
    }

    /**
     * Whether a class belongs to the Java platform, whose internals the classifier never reads.
     *
     * @param c a class
     * @return {@code true} for {@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*} and
     *         {@code com.sun.*} classes, primitives and arrays of primitives
     */
    static boolean isPlatform(Class<?> c) {
        if (c.isPrimitive()) {
            return true;
        }
        if (c.isArray()) {
            return isPlatform(c.getComponentType()) && c.getComponentType().isPrimitive();
        }
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }

    /**
     * Whether a class is a container the classifier looks into: an {@link Optional}, a collection, a map
     * (its values) or an array of references.
     *
     * @param c a class
     * @return {@code true} for containers
     */
    static boolean isContainer(Class<?> c) {
        return c == Optional.class || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)
                || (c.isArray() && !c.getComponentType().isPrimitive());
    }

    /**
     * Whether a value of a declared type may hold annotated data, so that it is worth looking into.
     * Platform types hold none, except containers whose elements may, and {@code Object} and the like,
     * which may hold anything.
     *
     * @param type a declared type (field, getter, record component or parameter)
     * @return {@code false} when no value of the type can hold annotated data
     */
    static boolean mayHoldData(Type type) {
        boolean[] found = {false};
        elements(type, c -> found[0] |= !isPlatform(c) || isOpen(c));
        return found[0];
    }

    /**
     * The classes a value of a declared type may hold annotated data of: the type itself, or for containers
     * the element (map value) types, recursively. Open types ({@code Object}, raw containers) give
     * {@code Object.class}.
     *
     * @param type a declared type
     * @param into told of each class
     */
    static void elements(Type type, Consumer<Class<?>> into) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                elements(c.getComponentType(), into);
            } else if (isContainer(c)) {
                into.accept(Object.class);
            } else {
                into.accept(c);
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class || Collection.class.isAssignableFrom(raw)) {
                elements(args.length == 1 ? args[0] : Object.class, into);
            } else if (Map.class.isAssignableFrom(raw)) {
                // Keys may be data as much as values: a Map<Patient, Invoice> holds patients.
                elements(args.length == 2 ? args[0] : Object.class, into);
                elements(args.length == 2 ? args[1] : Object.class, into);
            } else {
                into.accept(raw);
            }
        } else if (type instanceof GenericArrayType g) {
            elements(g.getGenericComponentType(), into);
        } else if (type instanceof WildcardType w) {
            elements(w.getUpperBounds().length == 0 ? Object.class : w.getUpperBounds()[0], into);
        } else if (type instanceof TypeVariable<?> v) {
            elements(v.getBounds().length == 0 ? Object.class : v.getBounds()[0], into);
        } else {
            into.accept(Object.class);
        }
    }

    /**
     * Platform types whose content the classifier cannot see without consuming it, calling it or racing its
     * owner: streams, iterators, suppliers and futures, references, map entries. Data in them would reach the
     * method unseen, so a guarded method may not take them where they may hold data.
     *
     * @param c a class
     * @return {@code true} for such a holder
     */
    static boolean isOpaque(Class<?> c) {
        for (Class<?> holder : OPAQUE) {
            if (holder.isAssignableFrom(c)) {
                return true;
            }
        }
        return false;
    }

    private static final Class<?>[] OPAQUE = {java.util.stream.BaseStream.class, java.util.Iterator.class,
        java.util.Spliterator.class, java.util.Enumeration.class, java.util.function.Supplier.class,
        java.util.concurrent.Callable.class, java.util.concurrent.Future.class,
        java.util.concurrent.CompletionStage.class, java.util.concurrent.atomic.AtomicReference.class,
        java.util.concurrent.atomic.AtomicReferenceArray.class, Map.Entry.class, java.lang.ref.Reference.class,
        ThreadLocal.class};

    /**
     * The first opaque holder in a declared type that may hold annotated data: the holder itself when it is raw
     * or its type arguments may hold data, looked for through containers too.
     *
     * @param type a declared type
     * @return the holder's class, or {@code null} when there is none
     */
    static Class<?> opaqueHolder(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return opaqueHolder(c.getComponentType());
            }
            return isOpaque(c) ? c : null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (isOpaque(raw)) {
                for (Type arg : p.getActualTypeArguments()) {
                    if (mayHoldData(arg)) {
                        return raw;
                    }
                }
                return null;
            }
            if (isContainer(raw)) {
                for (Type arg : p.getActualTypeArguments()) {
                    Class<?> inner = opaqueHolder(arg);
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            return null;
        }
        if (type instanceof GenericArrayType g) {
            return opaqueHolder(g.getGenericComponentType());
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length > 0) {
            return opaqueHolder(w.getUpperBounds()[0]);
        }
        return null;
    }

    /** Platform types that may hold any object at run time. */
    private static boolean isOpen(Class<?> c) {
        return c == Object.class || c == Serializable.class || c == Cloneable.class || c == Iterable.class
                || c == Comparable.class;
    }
}
