package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostRulesTest {

    final HostRules rules = HostRules.builder()
            .host("SG", "api.acme.sg", "*.acme.sg")
            .host("DE", "eu.acme.sg")
            .host("US", "*.acme.sg:8443", "127.0.0.1:9001", "[::1]:9002")
            .host("CN", "*.internal.acme.sg")
            .build();

    @Test
    void theMostSpecificRuleWins() {
        assertEquals(Optional.of("SG"), rules.jurisdictionOf("api.acme.sg", 443));
        assertEquals(Optional.of("SG"), rules.jurisdictionOf("API.Acme.SG.", -1));
        assertEquals(Optional.of("SG"), rules.jurisdictionOf("x.y.acme.sg", 443));
        assertEquals(Optional.of("DE"), rules.jurisdictionOf("eu.acme.sg", 8443), "exact host before wildcard");
        assertEquals(Optional.of("US"), rules.jurisdictionOf("x.acme.sg", 8443), "port before no port");
        assertEquals(Optional.of("CN"), rules.jurisdictionOf("db.internal.acme.sg", 443), "longer domain first");
        assertEquals(Optional.empty(), rules.jurisdictionOf("acme.sg", 443), "a wildcard is below the domain");
        assertEquals(Optional.of("US"), rules.jurisdictionOf("127.0.0.1", 9001));
        assertEquals(Optional.empty(), rules.jurisdictionOf("127.0.0.1", 9000));
        assertEquals(Optional.of("US"), rules.jurisdictionOf("[::1]", 9002));
        assertEquals(Optional.empty(), HostRules.NONE.jurisdictionOf("api.acme.sg", 443));
    }

    @Test
    void mistakesFailWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("XX", "a.b"));
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "a.*.b"));
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "a.b:http"));
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "https://a.b/"));
        assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", "a.b").host("US", "A.B"));
    }

    @Test
    void internationalNamesMatchInEitherForm() {
        HostRules idn = HostRules.builder().host("DE", "bücher.example", "*.straße.example").build();
        assertEquals(Optional.of("DE"), idn.jurisdictionOf("xn--bcher-kva.example", 443));
        assertEquals(Optional.of("DE"), idn.jurisdictionOf("BÜCHER.example.", -1));
        assertEquals(Optional.of("DE"), idn.jurisdictionOf("api.xn--strae-oqa.example", 443));
        HostRules puny = HostRules.builder().host("DE", "xn--bcher-kva.example").build();
        assertEquals(Optional.of("DE"), puny.jurisdictionOf("bücher.example", 443));
        assertEquals(Optional.empty(), puny.jurisdictionOf("bucher.example", 443), "no folding of accents");
    }

    @Test
    void everySpellingOfAnAddressIsOneAddress() {
        HostRules v6 = HostRules.builder().host("JP", "2001:db8::1", "[2001:db8::2]:8443").host("SG", "10.0.0.7")
                .build();
        assertEquals(Optional.of("JP"), v6.jurisdictionOf("[2001:0DB8:0000:0000:0000:0000:0000:0001]", 443));
        assertEquals(Optional.of("JP"), v6.jurisdictionOf("2001:db8:0:0::1", -1));
        assertEquals(Optional.of("JP"), v6.jurisdictionOf("[2001:db8::2]", 8443));
        assertEquals(Optional.empty(), v6.jurisdictionOf("[2001:db8::2]", 443));
        assertEquals(Optional.of("SG"), v6.jurisdictionOf("[::ffff:10.0.0.7]", 443), "IPv4-mapped IPv6");
        assertEquals(Optional.empty(), v6.jurisdictionOf("2001:db8::3", 443));
    }

    @Test
    void rangesMatchTheNarrowestAfterExactHosts() {
        HostRules ranges = HostRules.builder()
                .host("SG", "10.1.0.0/16", "2001:db8::/32")
                .host("MY", "10.1.2.0/24", "10.1.2.3")
                .host("JP", "10.0.0.0/8", "2001:db8:ff00::/40")
                .host("US", "0.0.0.0/0")
                .build();
        assertEquals(Optional.of("SG"), ranges.jurisdictionOf("10.1.200.4", 443));
        assertEquals(Optional.of("MY"), ranges.jurisdictionOf("10.1.2.200", 443), "narrower range inside");
        assertEquals(Optional.of("MY"), ranges.jurisdictionOf("10.1.2.3", 443));
        assertEquals(Optional.of("JP"), ranges.jurisdictionOf("10.2.0.1", 443));
        assertEquals(Optional.of("US"), ranges.jurisdictionOf("192.0.2.1", 443));
        assertEquals(Optional.of("SG"), ranges.jurisdictionOf("[2001:db8:1::5]", 443));
        assertEquals(Optional.of("JP"), ranges.jurisdictionOf("2001:db8:ff12::5", 443));
        assertEquals(Optional.empty(), ranges.jurisdictionOf("2001:db9::1", 443), "IPv4 ranges hold no IPv6");
        assertEquals(Optional.empty(), ranges.jurisdictionOf("host.example", 443));
        assertEquals(Optional.empty(), ranges.jurisdictionOf("not a host", 443));
    }

    @Test
    void aWildcardOverAPublicSuffixIsRefused() {
        for (String suffix : java.util.List.of("*.co.uk", "*.com", "*.uk", "*.xn--fiqs8s", "*.中国")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostRules.builder().host("GB", suffix), suffix);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("public suffix"), e.getMessage());
        }
        assertEquals(Optional.of("GB"), HostRules.builder().host("GB", "*.acme.co.uk").build()
                .jurisdictionOf("api.acme.co.uk", 443));
    }

    @Test
    void aWildcardOverAMultiRegionCloudIsWarnedAbout() {
        try (LogCapture log = LogCapture.of(dev.transferguard.internal.hosts.HostTable.class)) {
            HostRules cloud = HostRules.builder().host("US", "*.googleapis.com").build();
            assertEquals(Optional.of("US"), cloud.jurisdictionOf("storage.googleapis.com", 443));
            assertEquals(1, log.at(ch.qos.logback.classic.Level.WARN).size(), log.all()::toString);
            org.junit.jupiter.api.Assertions.assertTrue(log.at(ch.qos.logback.classic.Level.WARN).get(0)
                    .contains("'*.googleapis.com'"));
            HostRules.builder().host("US", "*.amazonaws.com").build();
            HostRules.builder().host("US", "*.github.io").build();
            assertEquals(3, log.at(ch.qos.logback.classic.Level.WARN).size(), log.all()::toString);
            org.junit.jupiter.api.Assertions.assertTrue(log.at(ch.qos.logback.classic.Level.WARN).get(2)
                    .contains("lets its customers register"), log.all()::toString);
            HostRules.builder().host("DE", "*.eu-central-1.example-cloud.net", "*.acme.sg").build();
            assertEquals(3, log.at(ch.qos.logback.classic.Level.WARN).size(), "an organisation's domain is fine");
        }
    }

    @Test
    void malformedRangesAndWildcardAddressesAreRefused() {
        for (String bad : java.util.List.of("10.1.2.3/16", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "*.10.0.0.1",
                "host/8", "10.0.0.0/-1")) {
            assertThrows(IllegalArgumentException.class, () -> HostRules.builder().host("SG", bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostRules.builder().host("SG", "10.1.2.3/16"));
        assertEquals("host pattern '10.1.2.3/16' has bits set after its first 16: did you mean 10.1.0.0/16?",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HostRules.builder().host("SG", "10.0.0.0/8").host("US", "10.0.0.0/8"));
    }
}
