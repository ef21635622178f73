package dev.transferguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.transferguard.Decision;
import dev.transferguard.Transfer;
import dev.transferguard.audit.Caller;
import dev.transferguard.audit.internal.RecordFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON line a team would log for a decision without Transfer Guard's audit log, built the way such a
 * team would build it: one Jackson generator over a string, per call. It is the line the audit log writes
 * for the same decision (the format of {@code docs/audit-log.md}, key for key and byte for byte), except
 * that {@code prev} is left at 64 zeros, because an unsigned log chains nothing.
 */
final class DecisionLines {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final String NO_PREV = "0".repeat(2 * RecordFormat.HASH);

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
            RecordFormat.writeDecisionFields(g, time, transfer, decision, caller);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
