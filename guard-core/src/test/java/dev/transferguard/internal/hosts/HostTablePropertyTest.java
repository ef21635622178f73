package dev.transferguard.internal.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A table answers a host the same however often it was asked and whatever was asked in between: its kept
 * answers (bounded, emptied when full) never change an answer, with or without port patterns.
 */
class HostTablePropertyTest {

    @Property(tries = 60)
    void aHostAskedAgainGetsTheAnswerOfAFreshTable(@ForAll("questions") List<Question> questions,
                                                   @ForAll boolean withPorts) {
        HostTable kept = table(withPorts);
        for (Question q : questions) {
            assertEquals(table(withPorts).lookup(q.host(), q.port()), kept.lookup(q.host(), q.port()), q.toString());
            assertEquals(table(withPorts).lookup(q.host(), q.port()), kept.lookup(q.host(), q.port()), q.toString());
        }
    }

    @Property(tries = 3)
    void moreHostsThanAreKeptAreStillAnsweredRight(@ForAll boolean withPorts) {
        HostTable kept = table(withPorts);
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 3 * HostTable.REMEMBERED; i++) {
            hosts.add(switch (i % 4) {
                case 0 -> "h" + i + ".acme.sg";
                case 1 -> "h" + i + ".elsewhere.example";
                case 2 -> "10.1." + (i / 256 % 256) + "." + (i % 256);
                default -> "H" + i + ".ACME.SG.";
            });
        }
        for (int round = 0; round < 2; round++) {
            for (String h : hosts) {
                String expected = h.startsWith("10.1.") ? "MY"
                        : h.toLowerCase(java.util.Locale.ROOT).contains("acme.sg") ? "SG" : null;
                assertEquals(expected, kept.lookup(h, 443), h);
            }
        }
    }

    record Question(String host, int port) {
    }

    @Provide
    Arbitrary<List<Question>> questions() {
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.of("api.acme.sg", "API.Acme.SG", "api.acme.sg.", "x.y.acme.sg", "acme.sg", "db.acme.de",
                        "db.acme.de:8443", "bücher.example", "xn--bcher-kva.example", "10.1.2.3", "10.2.0.1",
                        "::ffff:10.1.2.3", "[2001:db8::1]", "2001:DB8:0:0:0:0:0:1", "not a host", "", "-bad-.example",
                        "a..b"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(s -> s + ".acme.sg"));
        Arbitrary<Integer> port = Arbitraries.of(-1, 443, 8443);
        return Combinators.combine(host, port).as(Question::new).list().ofMaxSize(40);
    }

    private static HostTable table(boolean withPorts) {
        HostTable.Builder b = new HostTable.Builder();
        b.add("*.acme.sg", "SG");
        b.add("bücher.example", "DE");
        b.add("10.1.0.0/16", "MY");
        b.add("[2001:db8::1]", "JP");
        if (withPorts) {
            b.add("db.acme.de:8443", "DE");
            b.add("*.acme.sg:8443", "ID");
        }
        return b.build();
    }
}
