package dev.transferguard.policy.internal.syntax;

/**
 * A lexical token of the policy language.
 *
 * @param kind what it is
 * @param text the characters (for strings, the unescaped content; for JSON, the raw object)
 * @param pos  where it is
 */
public record Token(Kind kind, String text, Pos pos) {

    /** What a token is. */
    public enum Kind {
        WORD, NUMBER, DATE, STRING, JSON, LBRACKET, RBRACKET, LPAREN, RPAREN, COMMA, SLASH,
        EQ, NE, LT, LE, GT, GE, EOF
    }

    /**
     * Whether this is a given word.
     *
     * @param word the word
     * @return {@code true} for a {@code WORD} token with that text
     */
    public boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** @return the token as an error message names it, e.g. {@code 'policy'} or {@code a string} */
    public String describe() {
        return switch (kind) {
            case EOF -> "the end of the file";
            case STRING -> "a string";
            case JSON -> "a JSON object";
            case NUMBER, DATE, WORD -> "'" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
