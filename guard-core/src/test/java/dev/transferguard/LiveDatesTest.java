package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.SigningKey;
import dev.transferguard.policy.PolicyBundle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer's date was the caller's word: dated the day before 28 CFR Part 202 took effect, a prohibited
 * brokerage was allowed and recorded; dated next year, a transfer escaped this year's counter. A decision that
 * is enforced or recorded is now dated by the guard's clock, give or take a day; a preview still asks about any
 * day.
 */
class LiveDatesTest {

    static final PolicyBundle POLICIES = PolicyBundle.load(Repository.file("policies"));
    /** Noon, 1 June 2025: Part 202 has been in force since 8 April 2025. */
    static final Clock JUNE_2025 = Clock.fixed(LocalDate.of(2025, 6, 1).atTime(12, 0).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);

    @TempDir
    Path dir;

    /**
     * Genomic data of 200 U.S. residents sold by a broker to a buyer in Venezuela: prohibited by 28 CFR 202.303
     * from 8 April 2025 (Venezuela is a country of concern but not a foreign adversary under PADFA, so Part 202
     * alone decides).
     */
    private static Transfer brokerage(LocalDate date) {
        return Transfer.builder().date(date).origin("US").destination("VE").categories("personal.sensitive.genomic")
                .subjects(Subjects.of(200, "US")).recipient(new Recipient("broker-ve", "commercial", "VE", false))
                .transaction("data-brokerage").build();
    }

    @Test
    void aBackDatedTransferIsRefusedWhenItIsEnforced() {
        Guard guard = Guard.builder().policies(POLICIES).clock(JUNE_2025).build();
        LocalDate beforeTheRule = LocalDate.of(2025, 4, 7);
        InvalidTransferException e = assertThrows(InvalidTransferException.class,
                () -> guard.enforce(brokerage(beforeTheRule)));
        assertTrue(e.getMessage().contains("\"date\" must be today (2025-06-01, give or take a day)"), e.getMessage());
        assertThrows(TransferDeniedException.class, () -> guard.enforce(brokerage(LocalDate.of(2025, 6, 1))));
        // What-if: a preview asks about any day, and that day's answer is given.
        assertTrue(guard.preview(brokerage(beforeTheRule)).allowed(), "before the rule, nothing forbade it");
        assertFalse(guard.preview(brokerage(LocalDate.of(2025, 6, 1))).allowed());
    }

    @Test
    void aDayEitherSideIsAcceptedForTimeZones() {
        Guard guard = Guard.builder().policies(POLICIES).clock(JUNE_2025).build();
        for (LocalDate d : new LocalDate[] {LocalDate.of(2025, 5, 31), LocalDate.of(2025, 6, 2)}) {
            TransferDeniedException denied = assertThrows(TransferDeniedException.class,
                    () -> guard.enforce(brokerage(d)));
            assertFalse(denied.decision().allowed());
        }
        assertThrows(InvalidTransferException.class, () -> guard.enforce(brokerage(LocalDate.of(2025, 6, 3))));
        assertThrows(InvalidTransferException.class, () -> guard.enforce(brokerage(LocalDate.of(2025, 5, 30))));
    }

    @Test
    void aRecordedDecisionIsLiveToo() throws Exception {
        try (AuditLog log = AuditLog.builder().directory(dir.resolve("log")).origin("test.example/live")
                .signingKey(SigningKey.generate("live")).open()) {
            Guard guard = Guard.builder().policies(POLICIES).clock(JUNE_2025).audit(log).build();
            // Dated next year, it would count in next year's counters, not this year's.
            assertThrows(InvalidTransferException.class, () -> guard.decide(brokerage(LocalDate.of(2026, 6, 1))));
            assertFalse(guard.decide(brokerage(LocalDate.of(2025, 6, 1))).allowed());
            log.flush();
            assertTrue(log.size() >= 1, "the live decision is recorded; the refused one is not");
        }
    }

    @Test
    void aWhatIfDecisionWithoutAnAuditLogAcceptsAnyDay() {
        Guard guard = Guard.builder().policies(POLICIES).clock(JUNE_2025).build();
        assertTrue(guard.decide(brokerage(LocalDate.of(2025, 4, 7))).allowed());
    }
}
