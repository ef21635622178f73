package dev.transferguard.policy;

import dev.transferguard.GuardException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Policies that cannot be loaded. The message lists every error with its place, the source line with a
 * caret under the spot and, where a declared name is close, a suggestion.
 */
public class PolicyException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /**
     * Creates the exception.
     *
     * @param diagnostics the errors, at least one
     */
    public PolicyException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The errors, in the order they were found.
     *
     * @return the diagnostics
     */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
