package dev.transferguard.policy.internal.syntax;

import dev.transferguard.policy.Diagnostic;
import dev.transferguard.policy.PolicyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the diagnostics of a load, so that one run reports every error, not just the first. */
public final class Problems {

    private static final int MAX_ERRORS = 50;

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int errors;

    /**
     * Reports an error.
     *
     * @param pos     where
     * @param message what is wrong
     * @param hint    how to mend it, or {@code null}
     */
    public void error(Pos pos, String message, String hint) {
        add(Diagnostic.Severity.ERROR, pos, message, hint);
    }

    /**
     * Reports a warning.
     *
     * @param pos     where
     * @param message what is suspicious
     * @param hint    more to read, or {@code null}
     */
    public void warning(Pos pos, String message, String hint) {
        add(Diagnostic.Severity.WARNING, pos, message, hint);
    }

    /** An error about a name, with a suggestion when a candidate is close. */
    public void unknown(Pos pos, String what, String name, Collection<String> candidates) {
        String close = Names.closest(name, candidates);
        error(pos, "unknown " + what + " '" + name + "'", close == null ? null : "did you mean '" + close + "'?");
    }

    private void add(Diagnostic.Severity severity, Pos pos, String message, String hint) {
        if (severity == Diagnostic.Severity.ERROR && ++errors > MAX_ERRORS) {
            return;
        }
        diagnostics.add(new Diagnostic(severity, pos.file().name(), pos.line(), pos.column(), pos.length(), message,
                pos.file().line(pos.line()), hint));
    }

    /** @return whether an error was reported */
    public boolean hasErrors() {
        return errors > 0;
    }

    /** @return every diagnostic reported, in order */
    public List<Diagnostic> all() {
        return List.copyOf(diagnostics);
    }

    /**
     * Stops the load if an error was reported.
     *
     * @throws PolicyException listing the errors
     */
    public void throwIfErrors() {
        if (errors > 0) {
            List<Diagnostic> onlyErrors = diagnostics.stream()
                    .filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
            throw new PolicyException(onlyErrors);
        }
    }
}
