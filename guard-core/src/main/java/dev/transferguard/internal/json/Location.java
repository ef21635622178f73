package dev.transferguard.internal.json;

import java.util.Objects;

/**
 * A place in a source text, as editors and compilers report it.
 *
 * @param source the name of the source, usually a file name
 * @param line   the line, counted from 1
 * @param column the column, counted from 1 in UTF-16 characters
 */
public record Location(String source, int line, int column) {

    /** Checks the parts. */
    public Location {
        Objects.requireNonNull(source, "source");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1, were " + line + ":" + column);
        }
    }

    /**
     * The location as {@code source:line:column}, the prefix of every error message about it.
     *
     * @return the location in the usual compiler form
     */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
