package dev.transferguard.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Action;
import dev.transferguard.LegalBasis;
import dev.transferguard.Recipient;
import dev.transferguard.Subjects;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferJsonReaderTest {

    /** The example of the design's "Transfer input" section. */
    static final String EXAMPLE = """
            {
              "action": "transfer",
              "date": "2026-03-01",
              "origin": "CN",
              "destination": "SG",
              "categories": ["personal.contact", "personal.identity"],
              "subjects": {"residence": ["CN"], "citizenship": ["CN"], "count": 60000},
              "entity": {"ciio": false, "ftz": false},
              "recipient": {"name": "acme-sg", "kind": "commercial", "jurisdiction": "SG", "coveredPerson": false},
              "transaction": "other",
              "purpose": "customer-support",
              "bases": ["separate-consent", {"name": "rkn-notified", "since": "2026-02-20"}]
            }
            """;

    static final Transfer EXAMPLE_TRANSFER = Transfer.builder()
            .date(LocalDate.of(2026, 3, 1))
            .origin("CN")
            .destination("SG")
            .categories("personal.contact", "personal.identity")
            .subjects(Subjects.of(60_000, "CN").withCitizenship("CN"))
            .entity("ciio", false)
            .entity("ftz", false)
            .recipient(new Recipient("acme-sg", "commercial", "SG", false))
            .transaction("other")
            .purpose("customer-support")
            .bases("separate-consent")
            .basis(new LegalBasis("rkn-notified", LocalDate.of(2026, 2, 20), null))
            .build();

    private static final String MINIMAL = "{\"origin\":\"CN\",\"destination\":\"SG\",\"categories\":[\"personal\"]}";

    @Test
    void readsTheDesignExample() {
        assertEquals(EXAMPLE_TRANSFER, TransferJsonReader.read(EXAMPLE, "example.json"));
    }

    @Test
    void fillsInDefaults() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        Transfer t = TransferJsonReader.read(MINIMAL, "t.json");
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        assertEquals(Action.TRANSFER, t.action());
        assertTrue(!t.date().isBefore(before) && !t.date().isAfter(after), t.date().toString());
        assertEquals(Subjects.NONE, t.subjects());
        assertEquals(Map.of(), t.entity());
        assertEquals(Recipient.UNKNOWN, t.recipient());
        assertEquals(List.of(), t.bases());
    }

    @Test
    void nullMeansLeftOut() {
        String json = "{\"action\":null,\"date\":null,\"origin\":\"CN\",\"destination\":\"SG\",\"categories\":[\"personal\"],"
                + "\"subjects\":{\"residence\":null,\"count\":null,\"ids\":null},\"entity\":null,"
                + "\"recipient\":{\"name\":null,\"coveredPerson\":null},\"transaction\":null,\"purpose\":null,"
                + "\"bases\":[{\"name\":\"pipia\",\"since\":null}]}";
        Transfer t = TransferJsonReader.read(json, "t.json");
        assertEquals(TransferJsonReader.read(MINIMAL, "t.json").toBuilder().bases("pipia").build(), t);
    }

    @Test
    void readsEveryActionAndIntegerAndStringAttributes() {
        Transfer t = TransferJsonReader.read("{\"action\":\"access\",\"origin\":\"RU\",\"destination\":\"DE\","
                + "\"categories\":[\"personal\"],\"entity\":{\"employees\":1200,\"sector\":\"energy\",\"ciio\":true}}", "t");
        assertEquals(Action.ACCESS, t.action());
        assertEquals(Map.of("employees", 1200L, "sector", "energy", "ciio", true), t.entity());
        assertEquals(Action.STORE, TransferJsonReader.read(MINIMAL.replace("{", "{\"action\":\"store\","), "t").action());
    }

    @Test
    void countsDistinctIdsWhenTheCountIsLeftOut() {
        Transfer t = TransferJsonReader.read(MINIMAL.replace("}", ",\"subjects\":{\"ids\":[\"p1\",\"p2\",\"p1\"]}}"), "t");
        assertEquals(2, t.subjects().count());
        assertEquals(List.of("p1", "p2", "p1"), t.subjects().ids());
    }

    @Test
    void keepsWhereEachValueIsWritten() {
        ParsedTransfer parsed = TransferJsonReader.parse(EXAMPLE, "example.json");
        Map<String, Location> at = parsed.locations();
        assertEquals(new Location("example.json", 1, 1), parsed.location());
        assertEquals("example.json:4:13", at.get("origin").toString());
        assertEquals("example.json:6:17", at.get("categories").toString());
        assertEquals("example.json:6:38", at.get("categories[1]").toString());
        assertEquals("example.json:7:69", at.get("subjects.count").toString());
        assertEquals("example.json:7:30", at.get("subjects.residence[0]").toString());
        assertEquals("example.json:8:36", at.get("entity.ftz").toString());
        assertEquals("example.json:9:44", at.get("recipient.kind").toString());
        assertEquals("example.json:12:33", at.get("bases[1]").toString());
        assertEquals("example.json:12:42", at.get("bases[1].name").toString());
        assertEquals("example.json:12:67", at.get("bases[1].since").toString());
        // left out: the closest enclosing value
        assertEquals(at.get("bases[1]"), parsed.locationOf("bases[1].until"));
        assertEquals(parsed.location(), parsed.locationOf("purposes"));
    }

    @Test
    void readsJsonLinesWithTheLinesOfTheFile() {
        String text = MINIMAL + "\n\n   \r\n" + MINIMAL.replace("SG", "DE") + "\r\n" + MINIMAL + "\n";
        List<ParsedTransfer> parsed = TransferJsonReader.parseLines(text, "batch.jsonl");
        assertEquals(3, parsed.size());
        assertEquals(List.of(1, 4, 5), parsed.stream().map(p -> p.location().line()).toList());
        assertEquals("DE", parsed.get(1).transfer().destination());
        assertEquals("batch.jsonl:4:30", parsed.get(1).locations().get("destination").toString());
        assertEquals(List.of(), TransferJsonReader.readLines("\n \n", "empty.jsonl"));
        assertEquals(3, TransferJsonReader.readLines(text, "batch.jsonl").size());
    }

    @Test
    void readsEitherOneObjectOrJsonLines() {
        List<ParsedTransfer> single = TransferJsonReader.parseAll(EXAMPLE, "one.json");
        assertEquals(List.of(EXAMPLE_TRANSFER), single.stream().map(ParsedTransfer::transfer).toList());
        List<ParsedTransfer> lines = TransferJsonReader.parseAll(MINIMAL + "\n" + MINIMAL + "\n", "two.jsonl");
        assertEquals(2, lines.size());
        assertEquals(2, lines.get(1).location().line());
    }

    @Test
    void skipsAByteOrderMark() {
        byte[] bytes = ("\uFEFF" + MINIMAL).getBytes(StandardCharsets.UTF_8);
        Transfer t = TransferJsonReader.read(TransferJsonReader.utf8(bytes, "bom.json"), "bom.json");
        assertEquals("SG", t.destination());
    }

    @Test
    void decodesUtf8() {
        String text = "{\"purpose\":\"客户支持\"}";
        assertEquals(text, TransferJsonReader.utf8(text.getBytes(StandardCharsets.UTF_8), "t"));
    }
}
