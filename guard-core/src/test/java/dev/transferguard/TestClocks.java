package dev.transferguard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Clocks for guards whose tests enforce or record transfers of a fixed day: live decisions are dated by them. */
public final class TestClocks {

    /** Noon on 1 March 2026 (UTC): the day of most of the test transfers. */
    public static final Clock MARCH_1 = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private TestClocks() {
    }
}
