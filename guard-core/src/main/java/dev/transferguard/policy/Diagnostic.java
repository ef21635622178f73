package dev.transferguard.policy;

import java.util.Objects;

/**
 * One problem found in a policy file, with its place and, where one exists, a suggestion.
 *
 * @param severity   how bad it is
 * @param file       the file, relative to the policy directory
 * @param line       1-based line
 * @param column     1-based column
 * @param length     how many characters the caret underlines (at least 1)
 * @param message    what is wrong, one sentence
 * @param sourceLine the text of the line, for the caret display; may be empty
 * @param hint       a suggestion such as {@code did you mean 'personal.contact'?}, or {@code null}
 */
public record Diagnostic(
        Severity severity, String file, int line, int column, int length, String message, String sourceLine,
        String hint) {

    /** How bad a diagnostic is. */
    public enum Severity {
        /** The policies cannot be loaded. */
        ERROR,
        /** The policies load, but something in them is likely a mistake. */
        WARNING
    }

    /** Checks the parts. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        sourceLine = sourceLine == null ? "" : sourceLine;
        length = Math.max(1, length);
    }

    /**
     * The place as {@code file:line:column}.
     *
     * @return the place
     */
    public String location() {
        return file + ":" + line + ":" + column;
    }

    /**
     * The diagnostic as people read it: the place and message, the source line with a caret under the
     * spot, and the hint.
     *
     * <pre>
     * policies/cn.guard:12:27: error: unknown category 'personal.contct'
     *    12 |   deny when any category in [personal.contct]
     *       |                              ^^^^^^^^^^^^^^^
     *       = did you mean 'personal.contact'?
     * </pre>
     *
     * @return one or more lines, without a trailing newline
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(location()).append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ")
                .append(message);
        if (!sourceLine.isEmpty()) {
            String number = Integer.toString(line);
            String gutter = " ".repeat(number.length());
            String shown = sourceLine.replace('\t', ' ');
            int caretAt = Math.min(column - 1, shown.length());
            int caretLength = Math.max(1, Math.min(length, shown.length() - caretAt));
            sb.append('\n').append(' ').append(number).append(" | ").append(shown);
            sb.append('\n').append(' ').append(gutter).append(" | ").append(" ".repeat(caretAt))
                    .append("^".repeat(caretLength));
            if (hint != null) {
                sb.append('\n').append(' ').append(gutter).append(" = ").append(hint);
            }
        } else if (hint != null) {
            sb.append("\n  = ").append(hint);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
