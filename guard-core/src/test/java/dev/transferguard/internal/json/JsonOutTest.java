package dev.transferguard.internal.json;

import dev.transferguard.internal.EngineDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.LegalBasis;
import dev.transferguard.Outcome;
import dev.transferguard.Reason;
import dev.transferguard.Recipient;
import dev.transferguard.Requirement;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import com.fasterxml.jackson.core.JsonEncoding;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonOutTest {

    private static final Decision DENIED = new EngineDecision(
            Outcome.DENY,
            List.of("record-processing"),
            List.of(new Requirement("cn.pipl", "standard-contract-tier",
                    List.of("cac-standard-contract", "pi-certification"), "2024 Provisions Art. 8", "cn-pipl.guard:40")),
            List.of(new Reason("cn.pipl", "standard-contract-tier", Reason.Kind.UNMET, "2024 Provisions Art. 8",
                    "cn-pipl.guard:40")),
            List.of(Set.of("pi-certification", "pipia"), Set.of("cac-standard-contract"),
                    Set.of("cac-security-assessment")),
            "sha256:00ff");

    @Test
    void writesTheCanonicalTransfer() {
        assertEquals("{\"action\":\"transfer\",\"date\":\"2026-03-01\",\"origin\":\"CN\",\"destination\":\"SG\","
                + "\"categories\":[\"personal.contact\",\"personal.identity\"],"
                + "\"subjects\":{\"residence\":[\"CN\"],\"citizenship\":[\"CN\"],\"count\":60000},"
                + "\"entity\":{\"ciio\":false,\"ftz\":false},"
                + "\"recipient\":{\"name\":\"acme-sg\",\"kind\":\"commercial\",\"jurisdiction\":\"SG\",\"coveredPerson\":false},"
                + "\"transaction\":\"other\",\"purpose\":\"customer-support\","
                + "\"bases\":[\"separate-consent\",{\"name\":\"rkn-notified\",\"since\":\"2026-02-20\"}]}",
                JsonOut.transfer(TransferJsonReaderTest.EXAMPLE_TRANSFER));
    }

    @Test
    void leavesOutWhatIsAbsent() {
        Transfer t = Transfer.builder().action(dev.transferguard.Action.STORE).date(LocalDate.of(2026, 1, 2))
                .origin("RU").destination("RU").categories("personal").build();
        assertEquals("{\"action\":\"store\",\"date\":\"2026-01-02\",\"origin\":\"RU\",\"destination\":\"RU\","
                + "\"categories\":[\"personal\"]}", JsonOut.transfer(t));
    }

    @Test
    void writesIdsSortedAttributesAndDatedBases() {
        Transfer t = Transfer.builder().date(LocalDate.of(2026, 1, 2)).origin("CN").destination("US")
                .categories("personal.sensitive.health")
                .subjects(new Subjects(List.of(), List.of(), 3, List.of("h1", "h2")))
                .entity("zeta", "z\"\n").entity("alpha", 7L)
                .recipient(new Recipient(null, "government", null, true))
                .basis(new LegalBasis("eu-scc", null, LocalDate.of(2027, 1, 1)))
                .build();
        assertEquals("{\"action\":\"transfer\",\"date\":\"2026-01-02\",\"origin\":\"CN\",\"destination\":\"US\","
                + "\"categories\":[\"personal.sensitive.health\"],\"subjects\":{\"count\":3,\"ids\":[\"h1\",\"h2\"]},"
                + "\"entity\":{\"alpha\":7,\"zeta\":\"z\\\"\\n\"},"
                + "\"recipient\":{\"kind\":\"government\",\"coveredPerson\":true},"
                + "\"bases\":[{\"name\":\"eu-scc\",\"until\":\"2027-01-01\"}]}", JsonOut.transfer(t));
        assertEquals(t, TransferJsonReader.read(JsonOut.transfer(t), "t"));
    }

    @Test
    void writesTheDecisionWithSortedRemedies() {
        assertEquals("{\"decision\":\"DENY\",\"obligations\":[\"record-processing\"],"
                + "\"unmet\":[{\"pack\":\"cn.pipl\",\"rule\":\"standard-contract-tier\","
                + "\"anyOf\":[\"cac-standard-contract\",\"pi-certification\"],"
                + "\"because\":\"2024 Provisions Art. 8\",\"source\":\"cn-pipl.guard:40\"}],"
                + "\"reasons\":[{\"pack\":\"cn.pipl\",\"rule\":\"standard-contract-tier\",\"kind\":\"unmet\","
                + "\"because\":\"2024 Provisions Art. 8\",\"source\":\"cn-pipl.guard:40\"}],"
                + "\"remedies\":[[\"cac-security-assessment\"],[\"cac-standard-contract\"],[\"pi-certification\",\"pipia\"]],"
                + "\"policyDigest\":\"sha256:00ff\"}", JsonOut.decision(DENIED));
    }

    @Test
    void keptReasonTextsAreWrittenExactlyAsEscapedTheFirstTime() {
        Reason awkward = new Reason("eu.gdpr", "quote", Reason.Kind.DENY,
                "Art. 49(1)(a) \"explicit\" consent \\ ümlaut \u2014 tab\tnew\nline \u0001", "gdpr.guard:7");
        Decision d = new EngineDecision(Outcome.DENY, List.of(), List.of(), List.of(awkward), List.of(), "sha256:01");
        String expected = "{\"decision\":\"DENY\",\"obligations\":[],\"unmet\":[],\"reasons\":[{\"pack\":\"eu.gdpr\","
                + "\"rule\":\"quote\",\"kind\":\"deny\",\"because\":\"Art. 49(1)(a) \\\"explicit\\\" consent \\\\ ümlaut "
                + "\u2014 tab\\tnew\\nline \\u0001\",\"source\":\"gdpr.guard:7\"}],\"remedies\":[],"
                + "\"policyDigest\":\"sha256:01\"}";
        assertEquals(expected, JsonOut.decision(d), "first write");
        assertEquals(expected, JsonOut.decision(d), "from the kept fragment");
        Reason equal = new Reason("eu.gdpr", "quote", Reason.Kind.DENY, awkward.because(), "gdpr.guard:7");
        assertEquals(expected, JsonOut.decision(new EngineDecision(Outcome.DENY, List.of(), List.of(), List.of(equal),
                List.of(), "sha256:01")), "an equal reason made elsewhere");
    }

    @Test
    void writesEveryKeyOfAnEmptyDecision() {
        Decision allowed = new EngineDecision(Outcome.ALLOW, List.of(), List.of(), List.of(), List.of(), "sha256:ab");
        assertEquals("{\"decision\":\"ALLOW\",\"obligations\":[],\"unmet\":[],\"reasons\":[],\"remedies\":[],"
                + "\"policyDigest\":\"sha256:ab\"}", JsonOut.decision(allowed));
    }

    @Test
    void writesEveryDayAsItsIsoTextOnEitherKindOfGenerator() throws Exception {
        LocalDate[] edges = {LocalDate.MIN, LocalDate.MAX, LocalDate.of(0, 1, 1), LocalDate.of(-1, 12, 31),
            LocalDate.of(9999, 12, 31), LocalDate.of(10000, 1, 1), LocalDate.of(2024, 2, 29), LocalDate.of(7, 7, 7)};
        for (LocalDate d : edges) {
            assertDayWritten(d);
        }
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            assertDayWritten(LocalDate.ofEpochDay(random.nextLong(LocalDate.MIN.toEpochDay(),
                    LocalDate.MAX.toEpochDay() + 1)));
            assertDayWritten(LocalDate.ofEpochDay(random.nextLong(-800_000, 3_000_000)));
        }
    }

    private static void assertDayWritten(LocalDate d) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartArray();
            JsonOut.writeDate(g, d);
            g.writeEndArray();
        }
        StringWriter chars = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(chars)) {
            g.writeStartArray();
            JsonOut.writeDate(g, d);
            g.writeEndArray();
        }
        assertEquals("[\"" + d + "\"]", bytes.toString(StandardCharsets.UTF_8), d::toString);
        assertEquals("[\"" + d + "\"]", chars.toString(), d::toString);
    }

    @Test
    void embedsInALargerObject() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", 7);
            g.writeFieldName("transfer");
            JsonOut.writeTransfer(g, TransferJsonReaderTest.EXAMPLE_TRANSFER);
            g.writeFieldName("decision");
            JsonOut.writeDecision(g, DENIED);
            g.writeEndObject();
        }
        assertEquals("{\"seq\":7,\"transfer\":" + JsonOut.transfer(TransferJsonReaderTest.EXAMPLE_TRANSFER)
                + ",\"decision\":" + JsonOut.decision(DENIED) + "}", out.toString());
    }

    @Test
    void transferAndDecisionDelegate() {
        Transfer t = TransferJsonReaderTest.EXAMPLE_TRANSFER;
        assertEquals(JsonOut.transfer(t), t.toJson());
        assertEquals(t, Transfer.fromJson(t.toJson()));
        assertEquals(JsonOut.decision(DENIED), DENIED.toJson());
    }
}
