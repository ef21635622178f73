package dev.transferguard.internal.classify;

import dev.transferguard.GuardException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Reads one member of an object: a field, a getter, or one argument of a call. */
interface Accessor {

    /**
     * Reads the member.
     *
     * @param target the object, or the argument array for parameters
     * @return the value, possibly {@code null}
     */
    Object read(Object target);

    /**
     * Reads a field made accessible.
     *
     * @param field the field
     * @return the accessor
     */
    static Accessor of(Field field) {
        return target -> {
            try {
                return field.get(target);
            } catch (IllegalAccessException e) {
                throw new GuardException("cannot read " + field.getDeclaringClass().getName() + "." + field.getName(), e);
            }
        };
    }

    /**
     * Calls a getter made accessible; what the getter throws is thrown as it is.
     *
     * @param getter the getter
     * @return the accessor
     */
    static Accessor of(Method getter) {
        return target -> {
            try {
                return getter.invoke(target);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new GuardException("getter " + getter.getDeclaringClass().getName() + "." + getter.getName()
                        + " failed", cause);
            } catch (IllegalAccessException e) {
                throw new GuardException("cannot call " + getter.getDeclaringClass().getName() + "." + getter.getName(),
                        e);
            }
        };
    }

    /**
     * Reads one argument of a call.
     *
     * @param index the parameter's index
     * @return the accessor, reading from an {@code Object[]} of arguments
     */
    static Accessor argument(int index) {
        return target -> ((Object[]) target)[index];
    }
}
