package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.audit.AuditLog;
import dev.transferguard.audit.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logback's side of the audit benchmark writes the very line the audit log writes, but for the chain. */
class DecisionLinesTest {

    private static final Pattern HEAD = Pattern.compile("^\\{\"origin\":\"[^\"]*\",\"seq\":(\\d+),"
            + "\"prev\":\"([0-9a-f]{64})\",\"time\":\"([^\"]+)\"");

    @Test
    void isTheAuditLogsLineWithoutTheChain(@TempDir Path dir) throws IOException {
        Guard guard = Guard.builder().policies(ShippedPacks.load()).build();
        List<Transfer> transfers = ShippedPacks.transfers();
        try (AuditLog log = AuditLog.builder().directory(dir).origin(AuditBenchmark.ORIGIN)
                .signingKey(SigningKey.generate("test-key")).open()) {
            for (Transfer t : transfers) {
                log.append(t, guard.preview(t), AuditBenchmark.CALLER);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Path segment : segments(dir)) {
            text.append(Files.readString(segment, StandardCharsets.UTF_8));
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(transfers.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEAD.matcher(lines.get(i));
            if (!m.find()) {
                throw new AssertionError("not a record line: " + lines.get(i));
            }
            Decision d = guard.preview(transfers.get(i));
            String expected = lines.get(i).replace(m.group(2), "0".repeat(64));
            assertEquals(expected, DecisionLines.line(AuditBenchmark.ORIGIN, Long.parseLong(m.group(1)),
                    Instant.parse(m.group(3)), transfers.get(i), d, AuditBenchmark.CALLER));
        }
    }

    /** The log's segments in order: docs/audit-log.md names them by their first record's number, zero-padded. */
    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }
}
