package dev.transferguard.audit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.transferguard.Decision;
import dev.transferguard.GuardException;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditRecord;
import dev.transferguard.audit.Caller;
import dev.transferguard.internal.json.DecisionJsonReader;
import dev.transferguard.internal.json.TransferJsonReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads one record line into an {@link AuditRecord}. Lines are parsed fully here (unlike in the
 * verifier, which only hashes them), so this is for tools that show, count or replay records.
 */
public final class RecordParser {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private RecordParser() {
    }

    /**
     * Parses a record.
     *
     * @param line     the line, without its newline
     * @param location {@code file:line}, for the record and for error messages
     * @return the record
     * @throws IllegalArgumentException when the line is not a record; the message says why, not what it holds
     */
    public static AuditRecord parse(String line, String location) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String origin = null;
            long seq = -1;
            Instant time = null;
            String kind = null;
            Transfer transfer = null;
            Decision decision = null;
            String digest = null;
            Caller caller = Caller.NONE;
            AuditRecord.Recovery recovery = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                switch (key) {
                    case "origin" -> origin = text(p, key);
                    case "seq" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("'seq' is not an integer");
                        }
                        seq = p.getLongValue();
                    }
                    case "prev" -> text(p, key);
                    case "time" -> time = Instant.parse(text(p, key));
                    case "kind" -> kind = text(p, key);
                    case "transfer" -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("'transfer' is not an object");
                        }
                        int start = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        int end = (int) p.currentLocation().getCharOffset();
                        transfer = TransferJsonReader.read(line.substring(start, end), location);
                    }
                    case "decision" -> decision = DecisionJsonReader.read(p);
                    case "policyDigest" -> digest = text(p, key);
                    case "caller" -> caller = caller(p);
                    case "recovery" -> recovery = recovery(p);
                    default -> p.skipChildren();
                }
            }
            if (origin == null || seq < 0 || time == null || kind == null) {
                throw new IllegalArgumentException("a record needs 'origin', 'seq', 'time' and 'kind'");
            }
            AuditRecord.Kind k;
            if (RecordFormat.DECISION.equals(kind)) {
                k = AuditRecord.Kind.DECISION;
            } else if (RecordFormat.RECOVERY.equals(kind)) {
                k = AuditRecord.Kind.RECOVERY;
            } else {
                throw new IllegalArgumentException("unknown record kind");
            }
            return new AuditRecord(seq, origin, time, k, transfer, decision, digest, caller, recovery, location, line);
        } catch (IOException | DateTimeParseException | GuardException e) {
            throw new IllegalArgumentException(location + ": not a record of the audit log ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(location + ": not a record of the audit log: " + e.getMessage(), e);
        }
    }

    private static Caller caller(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'caller' is not an object");
        }
        String service = null;
        String method = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("service")) {
                service = text(p, key);
            } else if (key.equals("method")) {
                method = text(p, key);
            } else {
                p.skipChildren();
            }
        }
        return new Caller(service, method);
    }

    private static AuditRecord.Recovery recovery(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'recovery' is not an object");
        }
        String file = null;
        long offset = 0;
        long bytes = 0;
        long lines = 0;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "file" -> file = text(p, key);
                case "offset" -> offset = p.getLongValue();
                case "bytes" -> bytes = p.getLongValue();
                case "lines" -> lines = p.getLongValue();
                case "reason" -> reason = text(p, key);
                default -> p.skipChildren();
            }
        }
        return new AuditRecord.Recovery(file, offset, bytes, lines, reason);
    }

    private static String text(JsonParser p, String key) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + key + "' is not a string");
        }
        return p.getText();
    }
}
