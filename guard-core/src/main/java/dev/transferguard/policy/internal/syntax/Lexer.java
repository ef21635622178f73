package dev.transferguard.policy.internal.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a policy file into tokens. Words may contain letters, digits, '.', '-' and '_' (so that
 * {@code personal.sensitive.health} and {@code cac-standard-contract} are single words); {@code #} starts a
 * comment; a '{' starts a JSON object that runs to its matching '}' (used by tests).
 */
final class Lexer {

    private static final int MAX_WORD = 200;

    private final SourceFile file;
    private final String s;
    private final Problems problems;
    private int i;
    private int line = 1;
    private int lineStart;

    Lexer(SourceFile file, Problems problems) {
        this.file = file;
        this.s = file.text();
        this.problems = problems;
    }

    /** All tokens, ending with EOF; lexical errors are reported and the bad characters skipped. */
    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (i >= s.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos(i, 1)));
                return out;
            }
            Token t = next();
            if (t != null) {
                out.add(t);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                lineStart = i;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else {
                return;
            }
        }
    }

    private Pos pos(int start, int length) {
        return new Pos(file, line, start - lineStart + 1, length);
    }

    private Token next() {
        int start = i;
        char c = s.charAt(i);
        switch (c) {
            case '[': i++; return new Token(Token.Kind.LBRACKET, "[", pos(start, 1));
            case ']': i++; return new Token(Token.Kind.RBRACKET, "]", pos(start, 1));
            case '(': i++; return new Token(Token.Kind.LPAREN, "(", pos(start, 1));
            case ')': i++; return new Token(Token.Kind.RPAREN, ")", pos(start, 1));
            case ',': i++; return new Token(Token.Kind.COMMA, ",", pos(start, 1));
            case '/': i++; return new Token(Token.Kind.SLASH, "/", pos(start, 1));
            case '=': i++; return new Token(Token.Kind.EQ, "=", pos(start, 1));
            case '!':
                if (peek(1) == '=') {
                    i += 2;
                    return new Token(Token.Kind.NE, "!=", pos(start, 2));
                }
                break;
            case '<':
                if (peek(1) == '=') {
                    i += 2;
                    return new Token(Token.Kind.LE, "<=", pos(start, 2));
                }
                i++;
                return new Token(Token.Kind.LT, "<", pos(start, 1));
            case '>':
                if (peek(1) == '=') {
                    i += 2;
                    return new Token(Token.Kind.GE, ">=", pos(start, 2));
                }
                i++;
                return new Token(Token.Kind.GT, ">", pos(start, 1));
            case '"':
                return string();
            case '{':
                return json();
            default:
                break;
        }
        if (Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            return word();
        }
        int codePoint = s.codePointAt(i);
        int width = Character.charCount(codePoint);
        i += width;
        if (c == '\u201C' || c == '\u201E') {
            return curlyQuoted(start);
        }
        problems.error(pos(start, width), "unexpected character " + describe(codePoint), null);
        return null;
    }

    /**
     * A string between curly quotes, as word processors write them: an error, but read as the string it was
     * meant to be, so that one mistake gives one error.
     */
    private Token curlyQuoted(int start) {
        problems.error(pos(start, 1), "unexpected character " + describe(s.charAt(start)),
                "write strings between straight double quotes: \"...\"");
        int from = i;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\u201D' && s.charAt(i) != '\u201C'
                && s.charAt(i) != '"') {
            i++;
        }
        String text = s.substring(from, i);
        if (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
        return new Token(Token.Kind.STRING, text, pos(start, i - start));
    }

    /** A character as people can recognise it in a message, even when it is invisible. */
    static String describe(int codePoint) {
        String code = String.format("U+%04X", codePoint);
        if (codePoint <= Character.MAX_VALUE && Character.isSurrogate((char) codePoint)) {
            return code + " (half of a surrogate pair)";
        }
        int type = Character.getType(codePoint);
        boolean invisible = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint) || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
        if (invisible) {
            String name = Character.getName(codePoint);
            return name == null ? code : code + " (" + name.toLowerCase(java.util.Locale.ROOT) + ")";
        }
        String shown = "'" + new String(Character.toChars(codePoint)) + "'";
        return codePoint < 0x80 ? shown : shown + " (" + code + ")";
    }

    private char peek(int ahead) {
        return i + ahead < s.length() ? s.charAt(i + ahead) : '\0';
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
    }

    private Token word() {
        int start = i;
        while (i < s.length() && wordChar(s.charAt(i))) {
            i++;
        }
        // A trailing '.' or '-' is punctuation in prose, never part of a name.
        while (i > start + 1 && (s.charAt(i - 1) == '.' || s.charAt(i - 1) == '-')) {
            i--;
        }
        if (i - start > MAX_WORD) {
            problems.error(pos(start, i - start), "name is longer than " + MAX_WORD + " characters", null);
        }
        return new Token(Token.Kind.WORD, s.substring(start, i), pos(start, i - start));
    }

    private Token number() {
        int start = i;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        // YYYY-MM-DD is a date; its parts are checked by the parser.
        if (i - start == 4 && peek(0) == '-' && Character.isDigit(peek(1))) {
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            return new Token(Token.Kind.DATE, s.substring(start, i), pos(start, i - start));
        }
        if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '.')) {
            // "1st", "2.5": not numbers of this language; keep them as one word so the error names all of it.
            while (i < s.length() && wordChar(s.charAt(i))) {
                i++;
            }
            problems.error(pos(start, i - start), "'" + s.substring(start, i)
                    + "' is not a whole number (write digits, optionally grouped with '_', e.g. 100_000)", null);
            return new Token(Token.Kind.NUMBER, "0", pos(start, i - start));
        }
        return new Token(Token.Kind.NUMBER, s.substring(start, i).replace("_", ""), pos(start, i - start));
    }

    private Token string() {
        int start = i;
        int startLine = line;
        int startCol = start - lineStart + 1;
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return new Token(Token.Kind.STRING, sb.toString(), new Pos(file, startLine, startCol, i - start));
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                sb.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (Character.isISOControl(c) && c != '\t') {
                problems.error(pos(i, 1), String.format("control character U+%04X in a string", (int) c), null);
            }
            if (Character.isSurrogate(c)) {
                // Text given as a string rather than read from UTF-8 may hold half a pair, which no encoding of
                // the reasons (the audit log's UTF-8) can write.
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                problems.error(pos(i, 1), String.format("unpaired surrogate U+%04X in a string: the text is not"
                        + " valid Unicode", (int) c), null);
            }
            sb.append(c);
            i++;
        }
        problems.error(new Pos(file, startLine, startCol, 1), "string is not closed: add '\"' before the end of the line",
                null);
        return new Token(Token.Kind.STRING, sb.toString(), new Pos(file, startLine, startCol, i - start));
    }

    /** A JSON object, kept raw: braces are matched outside JSON strings. */
    private Token json() {
        int start = i;
        int startLine = line;
        int startCol = start - lineStart + 1;
        int depth = 0;
        boolean inString = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            }
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    i++;
                    return new Token(Token.Kind.JSON, s.substring(start, i), new Pos(file, startLine, startCol, 1));
                }
            }
            i++;
        }
        problems.error(new Pos(file, startLine, startCol, 1), "JSON object is not closed: a '}' is missing", null);
        return new Token(Token.Kind.JSON, s.substring(start), new Pos(file, startLine, startCol, 1));
    }
}
