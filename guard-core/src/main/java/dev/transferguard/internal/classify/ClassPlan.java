package dev.transferguard.internal.classify;

import java.util.Arrays;

/**
 * How to classify the objects of one class, worked out once: what kind of value it is and, for other
 * objects, the members to read.
 *
 * @param kind    what kind of value the class is
 * @param slots   the members to read; empty unless {@link Kind#OBJECT}
 * @param subject whether a member is the {@code @SubjectId}, so that each object is a data subject
 */
record ClassPlan(Kind kind, Slot[] slots, boolean subject) {

    /** Values that hold nothing to classify. */
    static final ClassPlan LEAF = new ClassPlan(Kind.LEAF, new Slot[0], false);
    /** {@link java.util.Optional}. */
    static final ClassPlan OPTIONAL = new ClassPlan(Kind.OPTIONAL, new Slot[0], false);
    /** Collections: every element. */
    static final ClassPlan COLLECTION = new ClassPlan(Kind.COLLECTION, new Slot[0], false);
    /** Streams, iterators, suppliers, references: refused, since their content cannot be seen. */
    static final ClassPlan OPAQUE = new ClassPlan(Kind.OPAQUE, new Slot[0], false);
    /** Maps: every key and value. */
    static final ClassPlan MAP = new ClassPlan(Kind.MAP, new Slot[0], false);
    /** Arrays of references: every element. */
    static final ClassPlan ARRAY = new ClassPlan(Kind.ARRAY, new Slot[0], false);

    /** What kind of value a class is, to the classifier. */
    enum Kind { LEAF, OPTIONAL, COLLECTION, MAP, ARRAY, OBJECT, OPAQUE }

    /**
     * The plan for objects with these members; a leaf when there is nothing to read.
     *
     * @param slots the members
     * @return the plan
     */
    static ClassPlan object(Slot[] slots) {
        if (slots.length == 0) {
            return LEAF;
        }
        return new ClassPlan(Kind.OBJECT, slots, Arrays.stream(slots).anyMatch(Slot::subjectId));
    }
}
