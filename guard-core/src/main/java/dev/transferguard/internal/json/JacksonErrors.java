package dev.transferguard.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.transferguard.InvalidTransferException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's syntax errors into one-line messages at the offending character. Jackson's own
 * messages are long, mention its configuration features and repeat the token they choke on (which may
 * be a subject id), so they are rewritten rather than passed on.
 */
final class JacksonErrors {

    private static final Pattern CHAR_CODE = Pattern.compile("code (\\d+)");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) ['\"](.*)['\"]$",
            Pattern.DOTALL);
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    private static final Pattern CLOSE_MARKER = Pattern.compile("^Unexpected close marker '(.)': expected '(.)'");

    private JacksonErrors() {
    }

    /**
     * The error to throw for {@code e}, positioned in {@code source}; {@code parser} must still be open,
     * since some errors carry no location of their own.
     */
    static InvalidTransferException reword(JsonProcessingException e, JsonParser parser, SourceText source) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        long at = where.getCharOffset();
        if (e instanceof StreamConstraintsException) {
            return constraint(m, parser, source, at);
        }
        Matcher duplicate = DUPLICATE.matcher(m);
        if (duplicate.matches()) {
            return source.error(source.keyStartBefore(at), "duplicate key " + Snippets.quote(duplicate.group(1)));
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return source.error(at, "unexpected end of input" + unclosed(m));
        }
        if (m.startsWith("Unrecognized token")) {
            return source.error(source.tokenStartBefore(at),
                    "invalid value: strings need double quotes, and the only literals are true, false and null");
        }
        if (m.startsWith("Non-standard token")) {
            return source.error(source.tokenStartBefore(at), "invalid number: NaN and Infinity are not JSON numbers");
        }
        if (m.startsWith("Invalid numeric value") || m.contains("in numeric value")) {
            return source.error(source.tokenStartBefore(at), "invalid number" + numberDetail(m));
        }
        if (m.startsWith("Illegal unquoted character")) {
            return source.error(at,
                    "control character " + Snippets.character(code(m)) + " must be escaped in a string");
        }
        if (m.startsWith("Illegal character")) {
            // reported just after the character
            long character = at > 0 && at <= source.text().length()
                    && source.text().charAt((int) at - 1) == code(m) ? at - 1 : at;
            return source.error(character, "control character " + Snippets.character(code(m))
                    + " is not allowed here: only space, tab and line breaks may separate values");
        }
        if (m.startsWith("Unrecognized character escape")) {
            long backslash = at > 0 && source.text().charAt((int) Math.min(at, source.text().length()) - 1) == '\\'
                    ? at - 1 : at;
            return source.error(backslash, "invalid escape sequence in a string");
        }
        if (m.contains("for character escape sequence")) {
            return source.error(at, "invalid \\u escape in a string: expected four hex digits");
        }
        Matcher close = CLOSE_MARKER.matcher(m);
        if (close.find()) {
            // only the first token can close the root: what follows the object is checked without Jackson
            return source.error(at, m.contains("for root") ? "expected a JSON object"
                    : "unexpected '" + close.group(1) + "', expected '" + close.group(2) + "'");
        }
        if (m.contains("root-level values")) {
            // a number or literal where the object should start, run into what follows it
            return source.error(source.tokenStartBefore(at), "expected a JSON object");
        }
        if (m.startsWith("Unexpected character")) {
            return source.error(at, unexpectedCharacter(m, source.previousNonSpace(at) == ','));
        }
        // not expected to happen; the quoted parts are dropped because they may repeat input
        String rest = m.replaceAll("'[^']{2,}'", "'...'");
        return source.error(at, "invalid JSON: " + Snippets.escape(Snippets.clip(rest, 60)));
    }

    private static InvalidTransferException constraint(String m, JsonParser parser, SourceText source, long at) {
        String limit = limit(m);
        if (m.startsWith("String value length")) {
            return source.error(parser.currentTokenLocation().getCharOffset(),
                    "string is longer than " + limit + " characters");
        }
        if (m.startsWith("Name length")) {
            return source.error(source.keyStartBefore(at), "key is longer than " + limit + " characters");
        }
        if (m.startsWith("Number value length")) {
            return source.error(source.tokenStartBefore(at), "number is longer than " + limit + " characters");
        }
        if (m.startsWith("Document nesting depth")) {
            return source.error(parser.currentTokenLocation().getCharOffset(),
                    "nesting is deeper than " + limit + " levels");
        }
        return source.error(at, "input exceeds a size limit");
    }

    /** The allowed maximum in a constraint message: "... exceeds the maximum allowed (1000, from ...". */
    private static String limit(String m) {
        Matcher x = LIMIT.matcher(m);
        return x.find() ? x.group(1) : "the allowed number of";
    }

    private static String unclosed(String m) {
        if (m.contains("close marker for Object") || m.contains("between Object entries")) {
            return ": an object is not closed";
        }
        if (m.contains("close marker for Array") || m.contains("between Array entries")) {
            return ": an array is not closed";
        }
        if (m.contains("field name") || m.contains("quote") || m.contains("String") || m.contains("escape")) {
            return ": a string is not closed";
        }
        return "";
    }

    private static String numberDetail(String m) {
        if (m.contains("Leading zeroes")) {
            return ": leading zeros are not allowed";
        }
        if (m.contains("plus sign")) {
            return ": a leading '+' is not allowed";
        }
        return "";
    }

    private static String unexpectedCharacter(String m, boolean afterComma) {
        int c = code(m);
        String what = "unexpected character " + Snippets.character(c);
        if (c == '\'') {
            return what + ": strings and keys need double quotes";
        }
        if (m.contains("comment")) {
            return what + ": comments are not allowed in JSON";
        }
        if (m.contains("double-quote to start field name")) {
            return c == '}' && afterComma
                    ? "unexpected '}': a trailing comma is not allowed" : what + ", expected a key in double quotes";
        }
        if (m.contains("colon to separate")) {
            return what + ", expected ':' after the key";
        }
        if (m.contains("comma to separate Object")) {
            return what + ", expected ',' or '}'";
        }
        if (m.contains("comma to separate Array")) {
            return what + ", expected ',' or ']'";
        }
        if (m.contains("expected a valid value") || m.contains("expected a value")) {
            return (c == ']' || c == '}') && afterComma
                    ? "unexpected '" + (char) c + "': a trailing comma is not allowed" : what + ", expected a value";
        }
        return what;
    }

    private static int code(String m) {
        Matcher x = CHAR_CODE.matcher(m);
        return x.find() ? Integer.parseInt(x.group(1)) : 0;
    }
}
