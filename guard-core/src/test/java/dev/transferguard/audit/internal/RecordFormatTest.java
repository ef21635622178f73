package dev.transferguard.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transferguard.Decision;
import dev.transferguard.audit.AuditFixtures;
import dev.transferguard.audit.Caller;
import dev.transferguard.Transfer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The record's time and body are spelled as {@code docs/audit-log.md} says, whatever the instant. */
class RecordFormatTest {

    private static final DateTimeFormatter SPEC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void formatsTimesAsTheFormatterWould() {
        Instant[] edges = {Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(0, 999),
            Instant.ofEpochSecond(0, 1000), Instant.parse("2024-02-29T23:59:59.999999999Z"),
            Instant.parse("2000-03-01T00:00:00Z"), Instant.parse("1900-02-28T12:00:00.5Z"),
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")};
        for (Instant t : edges) {
            assertEquals(SPEC.format(t), RecordFormat.formatTime(t), t::toString);
        }
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertEquals(SPEC.format(t), RecordFormat.formatTime(t), t::toString);
        }
    }

    @Test
    void recordsWriteTheirTimeAsFormatTimeSpellsIt() {
        Transfer transfer = AuditFixtures.allowed(1);
        Decision decision = AuditFixtures.decide(transfer);
        SplittableRandom random = new SplittableRandom(9);
        Instant[] times = new Instant[2_000];
        times[0] = Instant.parse("+10000-01-01T00:00:00Z");
        times[1] = Instant.parse("-0001-12-31T23:59:59Z");
        times[2] = Instant.parse("9999-12-31T23:59:59.999999Z");
        for (int i = 3; i < times.length; i++) {
            times[i] = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000));
        }
        for (Instant t : times) {
            String body = new String(RecordFormat.decisionBody(t, transfer, decision, null), StandardCharsets.UTF_8);
            assertEquals("\"time\":\"" + SPEC.format(t) + "\",", body.substring(0, body.indexOf(",\"kind\"") + 1),
                    t::toString);
        }
    }

    @Test
    void bodiesDoNotDependOnWhatTheThreadEncodedBefore() {
        Transfer small = AuditFixtures.allowed(1);
        Decision decision = AuditFixtures.decide(small);
        Instant time = Instant.parse("2026-03-01T09:30:12.123456Z");
        byte[] first = RecordFormat.decisionBody(time, small, decision, Caller.service("billing"));
        String huge = "m".repeat(200_000);
        byte[] large = RecordFormat.decisionBody(time, small, decision, new Caller("billing", huge));
        byte[] again = RecordFormat.decisionBody(time, small, decision, Caller.service("billing"));
        assertArrayEquals(first, again);
        String text = new String(first, StandardCharsets.UTF_8);
        assertEquals("\"time\":\"2026-03-01T09:30:12.123456Z\",\"kind\":\"decision\",\"transfer\":",
                text.substring(0, text.indexOf("{")));
        assertEquals('}', text.charAt(text.length() - 1));
        assertEquals(huge, new String(large, StandardCharsets.UTF_8).replaceAll("(?s).*\"method\":\"([^\"]*)\".*",
                "$1"));
    }
}
