package dev.transferguard.audit.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the readers of one audit log line: the full record parser that {@code guard audit show}, {@code
 * stats} and {@code replay} use, and the head, shape and sequence readers that recovery and the verifier
 * use. The record parser either reads a line or refuses it with an {@link IllegalArgumentException}; the
 * others never throw. Anything else is a finding.
 *
 * <p>Seeds: {@code src/test/resources/dev/transferguard/audit/internal/AuditLineFuzzTestInputs/}.
 */
public class AuditLineFuzzTest {

    private static final byte[] HEAD = RecordHead.headPrefix("test.example/audit");

    @FuzzTest(maxDuration = "10s")
    void recordLinesReadOrAreRefused(byte[] line) {
        target(line);
    }

    /**
     * The target: what one input must never do is throw anything but the expected refusal.
     *
     * @param line the input
     */
    public static void target(byte[] line) {
        RecordHead.parseHead(line, 0, line.length, HEAD, new byte[RecordFormat.HASH]);
        RecordHead.objectShape(line, 0, line.length);
        RecordHead.looseSeq(line, 0, line.length);
        try {
            RecordParser.parse(new String(line, StandardCharsets.UTF_8), "fuzz.jsonl:1");
        } catch (IllegalArgumentException expected) {
            // "fuzz.jsonl:1: not a record of the audit log: ...": the contract
        }
    }
}
