package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Requirement;
import dev.transferguard.internal.EngineDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A bundle's decision written again and again, from its kept bytes after the first times, gives the bytes that
 * encoding it afresh gives: in a UTF-8 generator as the audit log's records are written, and in
 * {@link Decision#toJson()}.
 */
class DecisionEncodingPropertyTest {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @Property(tries = 500)
    void aDecisionWrittenFromItsKeptBytesIsTheDecisionEncodedAfresh(
            @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("shapes") Shape> shapes,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> order) throws IOException {
        List<Object> parts = new ArrayList<>();
        for (Shape s : shapes) {
            parts.addAll(s.unmet());
            parts.addAll(s.reasons());
        }
        EncodedParts bundle = EncodedParts.of(parts);
        List<Decision> decisions = shapes.stream().map(s -> s.decision(bundle)).toList();
        for (int i : order) {
            Shape s = shapes.get(i % shapes.size());
            // the shared decision, or an equal one that is a new object (as a decision that read a counter)
            Decision written = i % 2 == 0 ? decisions.get(i % shapes.size()) : s.decision(bundle);
            assertEquals(afresh(written, bundle), utf8(written));
            assertEquals(s.decision(EncodedParts.NONE).toJson(), written.toJson());
        }
    }

    @Example
    void aDecisionWrittenTwiceIsKeptAndItsBytesDoNotChange() throws IOException {
        Shape s = new Shape(Outcome.DENY, List.of("record-\uD83D\uDE00"),
                List.of(new Requirement("p", "r", List.of("a", "\u00e9"), "because \uD83D\uDE00", "f:1")),
                List.of(new Reason("p", "r", Reason.Kind.UNMET, "because \u0001", "f:1")),
                List.of(Set.of("b\uD83D\uDE00", "a"), Set.of("c")));
        EncodedParts bundle = EncodedParts.of(List.of(s.unmet().get(0), s.reasons().get(0)));
        Decision d = s.decision(bundle);
        String first = utf8(d);
        assertEquals(first, utf8(d));
        assertNotNull(bundle.decisionUtf8(d), "kept once written twice");
        assertEquals(first, utf8(d));
        assertEquals(first, utf8(s.decision(bundle)));
        assertEquals(afresh(d, bundle), first);
    }

    @Example
    void newButEqualDecisionsAreKeptByValue() throws IOException {
        Shape s = new Shape(Outcome.ALLOW, List.of("notify"), List.of(),
                List.of(new Reason("p", "r", Reason.Kind.MET, "because", "f:1")), List.of());
        EncodedParts bundle = EncodedParts.of(s.reasons());
        String first = utf8(s.decision(bundle));
        assertEquals(first, utf8(s.decision(bundle)));
        assertNotNull(bundle.decisionUtf8(s.decision(bundle)), "kept once an equal decision was written twice");
        assertEquals(first, utf8(s.decision(bundle)));
    }

    @Example
    void decisionsWithoutABundleAreNeverKept() {
        Shape s = new Shape(Outcome.ALLOW, List.of(), List.of(), List.of(new Reason("p", "r", Reason.Kind.ALLOW,
                "b", "f:1")), List.of());
        Decision d = s.decision(EncodedParts.NONE);
        for (int i = 0; i < 3; i++) {
            assertNull(EncodedParts.NONE.decisionUtf8(d));
        }
    }

    /** As the audit record writes it: a field of an object, in a UTF-8 generator. */
    private static String utf8(Decision d) throws IOException {
        return inRecord(g -> JsonOut.writeDecision(g, d));
    }

    /** The same, encoded field by field, never from kept bytes. */
    private static String afresh(Decision d, EncodedParts parts) throws IOException {
        return inRecord(g -> JsonOut.encodeDecision(g, d, parts));
    }

    private static String inRecord(JsonOut.Body decision) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("decision");
            decision.write(g);
            g.writeStringField("after", "x");
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What a decision says, to build it with a bundle's encodings or without. */
    record Shape(Outcome outcome, List<String> obligations, List<Requirement> unmet, List<Reason> reasons,
            List<Set<String>> remedies) {
        Decision decision(EncodedParts parts) {
            return new EngineDecision(outcome, obligations, unmet, reasons, remedies, "sha256:0f", parts);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<Reason> reasons = Combinators.combine(texts(), texts(), Arbitraries.of(Reason.Kind.class), texts(),
                texts()).as(Reason::new);
        Arbitrary<Requirement> requirements = Combinators.combine(texts(), texts(), texts().list().ofMinSize(1)
                .ofMaxSize(3), texts(), texts()).as(Requirement::new);
        Arbitrary<Set<String>> remedy = texts().set().ofMinSize(1).ofMaxSize(3).map(HashSet::new);
        return Combinators.combine(Arbitraries.of(Outcome.class), texts().list().ofMaxSize(3),
                requirements.list().ofMaxSize(3), reasons.list().ofMinSize(1).ofMaxSize(4), remedy.list().ofMaxSize(3))
                .as(Shape::new);
    }

    /** Names and citations, with characters that must be escaped and characters beyond ASCII and the BMP. */
    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars(".-: ").ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("\"quoted\" \\ /", "\u4e2a\u4eba\u4fe1\u606f", "\uD83D\uDE00 end", "tab\there"));
    }
}
