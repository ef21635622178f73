package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reading a stream one transfer at a time gives what reading it whole gives: the same transfers at the same
 * places, and the same error for the same bad input, the transfers before a bad line being handed over first.
 */
class TransferReaderStreamPropertyTest {

    private static final String CN_SG = "{\"date\":\"2026-03-01\",\"origin\":\"CN\",\"destination\":\"SG\","
            + "\"categories\":[\"personal.contact\"],\"subjects\":{\"residence\":[\"CN\"],\"count\":10}}";

    @Property(tries = 300)
    void streamingAgreesWithReadingWhole(@ForAll("inputs") String input) throws IOException {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        List<LocatedTransfer> whole = new ArrayList<>();
        String wholeError = null;
        try {
            whole.addAll(TransferReader.read(new ByteArrayInputStream(bytes), "in.jsonl"));
        } catch (InvalidTransferException e) {
            wholeError = e.getMessage();
        }
        List<LocatedTransfer> streamed = new ArrayList<>();
        String streamError = null;
        try {
            int n = TransferReader.readEach(new ByteArrayInputStream(bytes), "in.jsonl", streamed::add);
            assertEquals(streamed.size(), n);
        } catch (InvalidTransferException e) {
            streamError = e.getMessage();
        }
        assertEquals(wholeError, streamError, input);
        if (wholeError == null) {
            assertEquals(whole, streamed, input);
        }
    }

    @Provide
    Arbitrary<String> inputs() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.just(CN_SG),
                Arbitraries.just("  " + CN_SG.replace("\"SG\"", "\"DE\"") + " "),
                Arbitraries.just(""),
                Arbitraries.just("   "),
                Arbitraries.just("{\"origin\":\"CN\",\"destination\":\"sg\"}"),
                Arbitraries.just("{\"origin\":\"CN\","),
                Arbitraries.just("\"destination\":\"SG\",\"categories\":[\"personal.contact\"]}"),
                Arbitraries.just("nonsense"));
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n");
        return net.jqwik.api.Combinators.combine(line.list().ofMaxSize(6), end, Arbitraries.of(true, false))
                .as((lines, eol, lastEol) -> {
                    String body = String.join(eol, lines);
                    return lastEol && !lines.isEmpty() ? body + eol : body;
                });
    }
}
