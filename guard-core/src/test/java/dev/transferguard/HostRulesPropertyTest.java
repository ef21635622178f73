package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Host rules against a plain model: a range holds exactly the addresses that share its prefix; the narrowest
 * range holding an address wins; an exact address beats every range; a name matches however it is spelled.
 */
class HostRulesPropertyTest {

    @Property(tries = 300)
    void anIpv4RangeHoldsExactlyItsPrefix(@ForAll int network, @ForAll @IntRange(max = 32) int prefix,
                                          @ForAll int probe) throws UnknownHostException {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        int first = network & mask;
        HostRules rules = HostRules.builder().host("SG", v4(first) + "/" + prefix).build();
        boolean inside = (probe & mask) == first;
        assertEquals(inside ? Optional.of("SG") : Optional.empty(), rules.jurisdictionOf(v4(probe), 443));
        assertEquals(Optional.of("SG"), rules.jurisdictionOf(v4(first | (probe & ~mask)), -1));
    }

    @Property(tries = 300)
    void theNarrowestRangeWinsAndAnExactAddressBeatsThemAll(@ForAll long high, @ForAll long low,
                                                            @ForAll @IntRange(max = 64) int wide,
                                                            @ForAll @IntRange(max = 64) int extra,
                                                            @ForAll boolean exact) throws UnknownHostException {
        int narrow = Math.min(128, wide + extra + 1);
        BigInteger address = BigInteger.valueOf(high).and(mask64()).shiftLeft(64).or(BigInteger.valueOf(low)
                .and(mask64()));
        HostRules.Builder b = HostRules.builder()
                .host("JP", v6(prefix(address, wide)) + "/" + wide)
                .host("SG", v6(prefix(address, narrow)) + "/" + narrow);
        if (exact) {
            b.host("MY", "[" + v6(address) + "]");
        }
        assertEquals(Optional.of(exact ? "MY" : "SG"), b.build().jurisdictionOf(v6(address), 443));
        // The last bit of the narrow prefix lies after the wide prefix (narrow > wide): flipped, the address leaves
        // the narrow range only.
        BigInteger outsideNarrow = address.flipBit(128 - narrow);
        assertEquals(Optional.of("JP"), HostRules.builder()
                .host("JP", v6(prefix(address, wide)) + "/" + wide)
                .host("SG", v6(prefix(address, narrow)) + "/" + narrow).build()
                .jurisdictionOf("[" + v6(outsideNarrow) + "]", -1));
    }

    @Property(tries = 200)
    void aNameMatchesInAnyCaseWithOrWithoutItsTrailingDot(@ForAll("labels") String label, @ForAll boolean upper,
                                                         @ForAll boolean dot) {
        HostRules rules = HostRules.builder().host("DE", "*." + label + ".example").build();
        String host = "api." + label + ".example" + (dot ? "." : "");
        assertEquals(Optional.of("DE"), rules.jurisdictionOf(upper ? host.toUpperCase(java.util.Locale.ROOT)
                : host, 443));
        assertEquals(Optional.empty(), rules.jurisdictionOf(label + ".example", 443));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> labels() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20);
    }

    private static BigInteger mask64() {
        return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    }

    private static BigInteger prefix(BigInteger address, int length) {
        return address.shiftRight(128 - length).shiftLeft(128 - length);
    }

    private static String v4(int a) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a})
                .getHostAddress();
    }

    private static String v6(BigInteger address) throws UnknownHostException {
        byte[] raw = address.toByteArray();
        byte[] bytes = new byte[16];
        int copy = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - copy, bytes, 16 - copy, copy);
        return InetAddress.getByAddress(bytes).getHostAddress();
    }
}
