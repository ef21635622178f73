package dev.transferguard.policy.internal.syntax;

import dev.transferguard.policy.internal.syntax.Ast.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of one file and the position in them, with the small pieces every level of the grammar reads
 * (names, lists, expected words). An error is reported here and unwinds with {@link Recover} to the statement
 * level, where {@link Parser} resumes.
 */
abstract class TokenCursor {

    final Problems problems;
    final List<Token> tokens;
    int p;

    /** Unwinds to the statement level after an error has been reported. */
    static final class Recover extends RuntimeException {
        static final long serialVersionUID = 1L;

        Recover() {
            super(null, null, false, false);
        }
    }

    TokenCursor(SourceFile file, Problems problems) {
        this.problems = problems;
        this.tokens = new Lexer(file, problems).tokens();
    }

    long number(Token t) {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            problems.error(t.pos(), "number " + abbreviate(t.text()) + " is too large", null);
            throw new Recover();
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "...";
    }

    /** {@code [a, b, c]} (possibly empty) or a single name such as a group. */
    List<Name> setOrName(String what) {
        if (peek().kind() == Token.Kind.LBRACKET) {
            return list(what);
        }
        return List.of(name(what + " (a name, or a list in [...])"));
    }

    List<Name> list(String what) {
        return list(what, () -> name(what));
    }

    /** A bracketed, comma-separated list whose items {@code item} reads. */
    <T> List<T> list(String what, java.util.function.Supplier<T> item) {
        expect(Token.Kind.LBRACKET, "'[' to start the list of " + what);
        List<T> items = new ArrayList<>();
        if (peek().kind() == Token.Kind.RBRACKET) {
            p++;
            return items;
        }
        while (true) {
            items.add(item.get());
            Token t = next();
            if (t.kind() == Token.Kind.RBRACKET) {
                return items;
            }
            if (t.kind() != Token.Kind.COMMA) {
                problems.error(t.pos(), "expected ',' or ']' in the list of " + what + ", found " + t.describe(),
                        t.kind() == Token.Kind.WORD ? "separate the items with ','" : null);
                throw new Recover();
            }
        }
    }

    /** The next token, which must be of {@code kind}. */
    Token token(Token.Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            problems.error(t.pos(), "expected " + what + ", found " + t.describe(), null);
            throw new Recover();
        }
        return t;
    }

    Name name(String what) {
        Token t = next();
        if (t.kind() != Token.Kind.WORD) {
            problems.error(t.pos(), "expected " + what + ", found " + t.describe(), null);
            throw new Recover();
        }
        return new Name(t.text(), t.pos());
    }

    Name effectWord() {
        Name n = name("'allow' or 'deny'");
        if (!n.text().equals("allow") && !n.text().equals("deny")) {
            problems.error(n.pos(), "expected 'allow' or 'deny', found '" + n.text() + "'",
                    hint(n.text(), "allow", "deny"));
            throw new Recover();
        }
        return n;
    }

    String meaning() {
        return optionalString();
    }

    String optionalString() {
        if (peek().kind() == Token.Kind.STRING) {
            return next().text();
        }
        return null;
    }

    void expect(Token.Kind kind, String what) {
        token(kind, what);
    }

    void expectWord(String word, String what) {
        Token t = next();
        if (!t.is(word)) {
            problems.error(t.pos(), "expected " + what + ", found " + t.describe(), hint(t, word));
            throw new Recover();
        }
    }

    static String hint(Token t, String... options) {
        return t.kind() == Token.Kind.WORD ? hint(t.text(), options) : null;
    }

    static String hint(String text, String... options) {
        String close = Names.closest(text, List.of(options));
        return close == null || close.equals(text) ? null : "did you mean '" + close + "'?";
    }

    Token peek() {
        return tokens.get(p);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Token.Kind.EOF) {
            p++;
        }
        return t;
    }
}
