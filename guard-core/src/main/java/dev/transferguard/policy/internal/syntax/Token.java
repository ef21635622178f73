package dev.transferguard.policy.internal.syntax;

/**
 * A lexical token of the policy language.
 *
 * @param kind what it is
 * @param text the characters (for strings, the unescaped content; for JSON, the raw object)
 * @param pos  where it is
 */
public record Token(Kind kind, String text, Pos pos) {

    public enum Kind {
        WORD, NUMBER, DATE, STRING, JSON, LBRACKET, RBRACKET, LPAREN, RPAREN, COMMA, SLASH,
        EQ, NE, LT, LE, GT, GE, EOF
    }

    public boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

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
