package dev.transferguard.spring.context;

import dev.transferguard.GuardedCall;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The guarded call as a thread-local value that Micrometer's context propagation carries, so that Reactor
 * (with automatic context propagation) makes it current on the threads a chain started in a guarded method
 * runs on. Each value set on a thread is undone, in order, when the propagation restores the thread.
 */
public final class GuardedCallAccessor implements ThreadLocalAccessor<GuardedCall> {

    /** The key under which the call travels in a context. */
    public static final String KEY = "dev.transferguard.guarded-call";

    private final ThreadLocal<Deque<GuardedCall.Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public GuardedCall getValue() {
        return GuardedCall.current().orElse(null);
    }

    @Override
    public void setValue(GuardedCall value) {
        scopes.get().push(value.attach());
    }

    @Override
    public void setValue() {
        scopes.get().push(GuardedCall.none());
    }

    @Override
    public void reset() {
        undo();
    }

    @Override
    public void restore(GuardedCall previousValue) {
        undo();
    }

    @Override
    public void restore() {
        undo();
    }

    private void undo() {
        GuardedCall.Scope scope = scopes.get().poll();
        if (scope != null) {
            scope.close();
        }
    }
}
