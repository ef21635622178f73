package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasesOnFileTest {

    static final LegalBasis CONTRACT = new LegalBasis("cac-standard-contract", LocalDate.of(2026, 1, 1), null);
    static final LegalBasis CONSENT = LegalBasis.of("separate-consent");

    final BasesOnFile bases = BasesOnFile.builder()
            .recipient("acme-sg", CONTRACT, CONSENT)
            .destination("sg", CONSENT, LegalBasis.of("pipia"))
            .build();

    @Test
    void recipientThenDestinationEachOnce() {
        assertEquals(List.of(CONTRACT, CONSENT, LegalBasis.of("pipia")), bases.forTransfer("acme-sg", "SG"));
        assertEquals(List.of(CONSENT, LegalBasis.of("pipia")), bases.forTransfer(null, "SG"));
        assertEquals(List.of(CONTRACT, CONSENT), bases.forTransfer("acme-sg", "US"));
        assertEquals(List.of(), bases.forTransfer("other", "US"));
        assertEquals(List.of(), BasesOnFile.NONE.forTransfer("acme-sg", "SG"));
    }
}
