package dev.transferguard.internal.json;

import dev.transferguard.internal.EngineDecision;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a decision back from the JSON {@link JsonOut#writeDecision} writes, e.g. from an audit record.
 * The input was written by this library, so the reader is strict and its errors are short.
 */
public final class DecisionJsonReader {

    private DecisionJsonReader() {
    }

    /**
     * Reads the decision object at the parser's current {@code START_OBJECT} token, leaving the parser on
     * its {@code END_OBJECT}.
     *
     * @param p a parser positioned on the object's start
     * @return the decision
     * @throws IOException              when the JSON is malformed
     * @throws IllegalArgumentException when it is not a decision
     */
    public static Decision read(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "decision");
        Outcome outcome = null;
        List<String> obligations = List.of();
        List<Requirement> unmet = List.of();
        List<Reason> reasons = List.of();
        List<Set<String>> remedies = List.of();
        String digest = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "decision" -> outcome = Outcome.valueOf(text(p, key));
                case "obligations" -> obligations = strings(p, key);
                case "unmet" -> unmet = requirements(p);
                case "reasons" -> reasons = reasons(p);
                case "remedies" -> remedies = remedies(p);
                case "policyDigest" -> digest = text(p, key);
                default -> throw new IllegalArgumentException("unknown key '" + Snippets.clip(key, 40) + "' in a decision");
            }
        }
        if (outcome == null || digest == null) {
            throw new IllegalArgumentException("a decision needs 'decision' and 'policyDigest'");
        }
        return new EngineDecision(outcome, obligations, unmet, reasons, remedies, digest);
    }

    private static List<Requirement> requirements(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "unmet");
        List<Requirement> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String pack = null;
            String rule = null;
            List<String> anyOf = List.of();
            String because = null;
            String source = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "pack" -> pack = text(p, key);
                    case "rule" -> rule = text(p, key);
                    case "anyOf" -> anyOf = strings(p, key);
                    case "because" -> because = text(p, key);
                    case "source" -> source = text(p, key);
                    default -> throw new IllegalArgumentException("unknown key '" + Snippets.clip(key, 40) + "' in unmet");
                }
            }
            out.add(new Requirement(required(pack, "pack", "unmet"), required(rule, "rule", "unmet"), anyOf,
                    required(because, "because", "unmet"), required(source, "source", "unmet")));
        }
        return out;
    }

    private static List<Reason> reasons(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "reasons");
        List<Reason> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String pack = null;
            String rule = null;
            Reason.Kind kind = null;
            String because = null;
            String source = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                switch (key) {
                    case "pack" -> pack = text(p, key);
                    case "rule" -> rule = text(p, key);
                    case "kind" -> kind = Reason.Kind.valueOf(text(p, key).toUpperCase(Locale.ROOT));
                    case "because" -> because = text(p, key);
                    case "source" -> source = text(p, key);
                    default -> throw new IllegalArgumentException("unknown key '" + Snippets.clip(key, 40) + "' in reasons");
                }
            }
            out.add(new Reason(required(pack, "pack", "reasons"), required(rule, "rule", "reasons"),
                    required(kind, "kind", "reasons"), required(because, "because", "reasons"),
                    required(source, "source", "reasons")));
        }
        return out;
    }

    private static List<Set<String>> remedies(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "remedies");
        List<Set<String>> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            Set<String> set = new LinkedHashSet<>();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                set.add(p.getText());
            }
            out.add(set);
        }
        return out;
    }

    private static List<String> strings(JsonParser p, String key) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, key);
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        expect(t, JsonToken.END_ARRAY, key);
        return out;
    }

    /** A key an entry cannot do without: missing, it is not a decision (found by fuzzing the record reader). */
    private static <T> T required(T value, String key, String where) {
        if (value == null) {
            throw new IllegalArgumentException("an entry of '" + where + "' has no '" + key + "'");
        }
        return value;
    }

    private static String text(JsonParser p, String key) throws IOException {
        expect(p.currentToken(), JsonToken.VALUE_STRING, key);
        return p.getText();
    }

    private static void expect(JsonToken actual, JsonToken expected, String key) {
        if (actual != expected) {
            throw new IllegalArgumentException("'" + key + "' is not what a decision holds there (" + actual + ")");
        }
    }
}
