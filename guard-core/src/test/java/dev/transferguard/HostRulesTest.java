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
}
