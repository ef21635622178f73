package dev.transferguard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Decoding gives what a strict {@link CharsetDecoder} gives, byte for byte: the same text, and for input that is
 * not UTF-8 the same first bad byte and line, whichever way the decoding is done.
 */
class StrictUtf8PropertyTest {

    @Property(tries = 3000)
    void decodingIsTheStrictDecodersAnswer(@ForAll("inputs") byte[] bytes) {
        assertEquals(StrictUtf8.decodeStrictly(bytes), StrictUtf8.decode(bytes));
    }

    @Example
    void aReplacementCharacterWrittenAsSuchIsValid() {
        byte[] bytes = "a\uFFFDb".getBytes(StandardCharsets.UTF_8);
        assertEquals(new StrictUtf8.Decoded("a\uFFFDb", -1, -1), StrictUtf8.decode(bytes));
    }

    @Example
    void anEncodedSurrogateIsNotUtf8() {
        byte[] bytes = {'o', 'k', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        StrictUtf8.Decoded d = StrictUtf8.decode(bytes);
        assertEquals(3, d.badByte());
        assertEquals(2, d.badLine());
    }

    /** Pieces of text: valid sequences of every length, U+FFFD, line breaks, and bytes that are not UTF-8. */
    @Provide
    Arbitrary<byte[]> inputs() {
        List<byte[]> pieces = List.of(
                "a".getBytes(StandardCharsets.UTF_8), "{\"k\": 1}".getBytes(StandardCharsets.UTF_8),
                "\n".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
                "\u4e2a".getBytes(StandardCharsets.UTF_8), "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
                "\uFFFD".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},   // a surrogate, encoded
                new byte[] {(byte) 0xC0, (byte) 0xAF},                // overlong
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},   // beyond U+10FFFF
                new byte[] {(byte) 0xE4, (byte) 0xB8},                // cut short
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE});
        Arbitrary<byte[]> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(pieces)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3)));
        return piece.list().ofMaxSize(12).map(StrictUtf8PropertyTest::concat);
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
