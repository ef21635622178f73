package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public reader of transfer files: what a tool such as {@code guard check} builds on. */
class TransferReaderTest {

    private static final String CN_SG = "{\"date\":\"2026-03-01\",\"origin\":\"CN\",\"destination\":\"SG\","
            + "\"categories\":[\"personal.contact\"],\"subjects\":{\"residence\":[\"CN\"],\"count\":10}}";

    @Test
    void readsOneObjectSpreadOverLines() {
        String text = "\n{\n  \"date\": \"2026-03-01\",\n  \"origin\": \"CN\",\n  \"destination\": \"SG\",\n"
                + "  \"categories\": [\"personal.contact\"]\n}\n";
        List<LocatedTransfer> read = TransferReader.read(text, "one.json");
        assertEquals(1, read.size());
        LocatedTransfer t = read.get(0);
        assertEquals(Transfer.builder().date(LocalDate.of(2026, 3, 1)).origin("CN").destination("SG")
                .categories("personal.contact").build(), t.transfer());
        assertEquals("one.json", t.source());
        assertEquals(2, t.line());
        assertEquals(1, t.column());
        assertEquals("one.json:5:18", t.locationOf("destination"));
    }

    @Test
    void readsJsonLinesKeepingTheLineOfEachTransfer() {
        String text = CN_SG + "\n\n  " + CN_SG.replace("\"SG\"", "\"DE\"") + "\r\n" + CN_SG + "\n";
        List<LocatedTransfer> read = TransferReader.read(text, "batch.jsonl");
        assertEquals(List.of(1, 3, 4), read.stream().map(LocatedTransfer::line).toList());
        assertEquals("batch.jsonl:3:3", read.get(1).location());
        assertEquals("DE", read.get(1).transfer().destination());
        // A path the input left out falls back to the closest enclosing value that it gave.
        assertEquals(read.get(1).locationOf("subjects"), read.get(1).locationOf("subjects.citizenship"));
        assertEquals(read.get(2).location(), read.get(2).locationOf("purpose"));
    }

    @Test
    void aBadLineStopsTheReadingWithItsPlaceInTheFile() {
        String text = CN_SG + "\n" + CN_SG + "\n{\"origin\":\"CN\",\"destination\":\"sg\"}\n";
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferReader.read(text, "batch.jsonl"));
        assertEquals("batch.jsonl:3:30: \"destination\" must be an ISO 3166-1 alpha-2 code (two upper-case letters),"
                + " was \"sg\"", e.getMessage());
    }

    @Test
    void anEmptyInputIsAnError() {
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferReader.read(" \n\n", "empty.jsonl"));
        assertEquals("empty.jsonl:", e.getMessage().substring(0, "empty.jsonl:".length()), e.getMessage());
    }

    @Test
    void readsAStreamAndRefusesBytesThatAreNotUtf8() throws IOException {
        byte[] bytes = (CN_SG + "\n" + CN_SG + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(2, TransferReader.read(new ByteArrayInputStream(bytes), "<stdin>").size());
        bytes[CN_SG.length() + 12] = (byte) 0xC3;
        InputStream in = new ByteArrayInputStream(bytes);
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferReader.read(in, "<stdin>"));
        assertEquals("<stdin>:2:12: invalid UTF-8: byte 0xC3", e.getMessage());
    }

    @Test
    void readsAFileUnderItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("exports.jsonl");
        Files.writeString(file, CN_SG + "\n");
        LocatedTransfer t = TransferReader.read(file).get(0);
        assertEquals(file + ":1:1", t.location());
        assertThrows(NoSuchFileException.class, () -> TransferReader.read(dir.resolve("missing.jsonl")));
    }

    @Test
    void aProblemFoundWhenDecidingIsSaidAtItsPlace() {
        String text = CN_SG + "\n" + CN_SG.replace("personal.contact", "personal.contct") + "\n";
        LocatedTransfer bad = TransferReader.read(text, "batch.jsonl").get(1);
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> GuardTest.guard().decide(bad.transfer()));
        InvalidTransferException located = bad.locate(e);
        assertEquals("batch.jsonl:2:69: " + e.getMessage(), located.getMessage());
        assertEquals(e.field(), located.field());
        assertEquals("categories[0]", located.field());
    }
    @Test
    void readEachHandsOverEachLineBeforeTheInputEnds() throws IOException {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(writer);
        writer.write((CN_SG + "\n").getBytes(StandardCharsets.UTF_8));
        writer.flush();
        List<String> events = new java.util.ArrayList<>();
        int n = TransferReader.readEach(pipe, "<stdin>", t -> {
            events.add("transfer line " + t.line());
            if (t.line() == 1) {
                try {
                    // The second line is written only once the first has been handed over.
                    writer.write(("\n" + CN_SG.replace("\"SG\"", "\"DE\"") + "\r\n").getBytes(StandardCharsets.UTF_8));
                    writer.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                events.add("input closed");
            }
        });
        assertEquals(List.of("transfer line 1", "input closed", "transfer line 3"), events);
        assertEquals(2, n);
    }

    @Test
    void readEachReadsOneObjectSpreadOverLinesWhole() throws IOException {
        String text = "\n{\n  \"origin\": \"CN\",\n  \"destination\": \"SG\",\n  \"categories\": [\"personal.contact\"]\n}";
        List<LocatedTransfer> seen = new java.util.ArrayList<>();
        TransferReader.readEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "one.json", seen::add);
        assertEquals(TransferReader.read(text, "one.json"), seen);
        assertEquals("one.json:4:18", seen.get(0).locationOf("destination"));
    }

    @Test
    void readEachPlacesBytesThatAreNotUtf8OnTheirLine() {
        byte[] head = (CN_SG + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = '{';
        bytes[head.length + 1] = (byte) 0xC3;
        bytes[head.length + 2] = '}';
        List<LocatedTransfer> seen = new java.util.ArrayList<>();
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> TransferReader.readEach(new ByteArrayInputStream(bytes), "<stdin>", seen::add));
        assertEquals(1, seen.size());
        assertEquals("<stdin>:2:2: invalid UTF-8: byte 0xC3", e.getMessage());
    }
}
