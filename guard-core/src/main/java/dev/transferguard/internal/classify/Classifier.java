package dev.transferguard.internal.classify;

import dev.transferguard.internal.Pseudonyms;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * Classifies the arguments of calls: which categories of personal data they hold and whom it is about.
 * Each class is planned once, on first use, and the plan is kept with the class ({@link ClassValue}); after
 * that, classifying is reading the planned members. Plans are checked against the policies' categories,
 * so an unknown category fails when its class is first planned.
 *
 * <p>Thread-safe.
 */
public final class Classifier {

    private final Planner planner;
    private final Pseudonyms pseudonyms;
    private final ClassValue<ClassPlan> plans = new ClassValue<>() {
        @Override
        protected ClassPlan computeValue(Class<?> type) {
            return planner.plan(type);
        }
    };

    /**
     * @param categories the categories the policies declare
     * @param pseudonyms makes pseudonyms of subject ids; {@code null} when the guard's audit recorder makes
     *                   them: the ids then stay as read until the guard hands the transfer to the recorder,
     *                   which pseudonymises each once, with the key its records and counters share
     */
    public Classifier(Set<String> categories, Pseudonyms pseudonyms) {
        this.planner = new Planner(Set.copyOf(categories));
        this.pseudonyms = pseudonyms;
    }

    ClassPlan plan(Class<?> type) {
        return plans.get(type);
    }

    Planner planner() {
        return planner;
    }

    /** A subject id as the transfer carries it to the guard: pseudonymised here, unless the recorder does it. */
    String subjectId(String id) {
        return pseudonyms == null ? id : pseudonyms.of(id);
    }

    /**
     * Plans every class a value of a declared type can be seen to hold, through fields, components, getters
     * and container elements, so that annotation mistakes surface now rather than on the first call.
     * Subclasses only met at run time are planned then.
     *
     * @param type a declared type, e.g. a parameter's
     * @throws dev.transferguard.InvalidAnnotationException if an annotation cannot be used
     */
    public void prepare(Type type) {
        prepare(type, new HashSet<>());
    }

    private void prepare(Type type, Set<Class<?>> done) {
        Types.elements(type, c -> {
            if (c == Object.class || !done.add(c)) {
                return;
            }
            ClassPlan plan = plan(c);
            for (Slot s : plan.slots()) {
                if (s.walk()) {
                    prepare(s.type(), done);
                }
            }
        });
    }

    /**
     * Classifies the arguments of one call.
     *
     * @param args  the arguments
     * @param slots the parameters worth reading, from {@link #parameterSlot}
     * @return what they hold
     * @throws dev.transferguard.InvalidTransferException if a residence or citizenship is not a known code, or
     *                                                    the arguments are nested too deep
     */
    Classification classify(Object[] args, Slot[] slots) {
        return new Walk(this).arguments(args, slots);
    }

    /**
     * The slot of a parameter, or {@code null} when it is neither annotated nor worth looking into.
     *
     * @param name        {@code Class.method(parameter)} for messages
     * @param annotations where the parameter's annotations are
     * @param type        the parameter's declared type
     * @param index       its index
     * @return the slot, or {@code null}
     */
    Slot parameterSlot(String name, java.lang.reflect.AnnotatedElement annotations, Type type, int index) {
        return planner.slot(name, annotations, type, () -> Accessor.argument(index));
    }
}
