package dev.transferguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.Caller;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON line a team would log for a decision without Transfer Guard's audit log, built the way such a
 * team would build it with the public API: one Jackson generator over a string, per call, with the transfer's
 * and the decision's own JSON ({@link Transfer#toJson()}, {@link Decision#toJson()}). It is the line the audit
 * log writes for the same decision (the format of {@code docs/audit-log.md}, key for key and byte for byte),
 * except that {@code prev} is left at 64 zeros, because an unsigned log chains nothing.
 */
final class DecisionLines {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** A record's {@code prev}: the hex of a SHA-256 hash. */
    private static final String NO_PREV = "0".repeat(64);
    /** {@code time} as docs/audit-log.md gives it: UTC, to the microsecond. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private DecisionLines() {
    }

    /**
     * @param origin   the log's origin name
     * @param seq      the record's number
     * @param time     when the decision was made
     * @param transfer the transfer, its subject ids already pseudonymised
     * @param decision the decision
     * @param caller   the caller, or {@code null}
     * @return the line, without its newline
     */
    static String line(String origin, long seq, Instant time, Transfer transfer, Decision decision, Caller caller) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("origin", origin);
            g.writeNumberField("seq", seq);
            g.writeStringField("prev", NO_PREV);
            g.writeStringField("time", TIME.format(time));
            g.writeStringField("kind", "decision");
            g.writeFieldName("transfer");
            g.writeRawValue(transfer.toJson());
            g.writeFieldName("decision");
            g.writeRawValue(decision.toJson());
            g.writeStringField("policyDigest", decision.policyDigest());
            if (caller != null && !caller.isEmpty()) {
                g.writeObjectFieldStart("caller");
                if (caller.service() != null) {
                    g.writeStringField("service", caller.service());
                }
                if (caller.method() != null) {
                    g.writeStringField("method", caller.method());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
