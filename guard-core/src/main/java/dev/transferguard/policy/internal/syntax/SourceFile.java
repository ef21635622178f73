package dev.transferguard.policy.internal.syntax;

/**
 * The text of one policy file and the name it is reported under.
 *
 * @param name the file name relative to the policy directory, used in diagnostics
 * @param text the file's content
 */
public record SourceFile(String name, String text) {

    /**
     * The text of a line, for the caret display.
     *
     * @param line 1-based line number
     * @return the line without its terminator, or an empty string past the end
     */
    public String line(int line) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            int next = text.indexOf('\n', start);
            if (next < 0) {
                return "";
            }
            start = next + 1;
        }
        int end = text.indexOf('\n', start);
        String s = end < 0 ? text.substring(start) : text.substring(start, end);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
