package dev.transferguard.policy.internal.syntax;

/**
 * A place in a policy file.
 *
 * @param file   the file
 * @param line   1-based line
 * @param column 1-based column
 * @param length characters the place spans
 */
public record Pos(SourceFile file, int line, int column, int length) {

    /**
     * {@code file:line}, as reasons cite rules.
     *
     * @return the short place
     */
    public String fileLine() {
        return file.name() + ":" + line;
    }

    /**
     * The same start, spanning up to the end of {@code last}.
     *
     * @param last a later place on the same line
     * @return the widened place
     */
    public Pos to(Pos last) {
        if (last.line != line || last.column < column) {
            return this;
        }
        return new Pos(file, line, column, last.column + last.length - column);
    }
}
