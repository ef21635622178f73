package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AuditReader;
import dev.transferguard.audit.AuditRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard check -} in a child process fed through a pipe that stays open: each decision is printed (and,
 * with --audit, recorded) before the next line is written and before the input ends.
 */
class CheckStreamIT {

    @TempDir
    Path dir;

    @Test
    void eachLineIsDecidedAndRecordedBeforeTheInputEnds() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "stream", "--out", keys.toString()).code());
        Path log = dir.resolve("log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GuardCommand.class.getName(), "check", "--policies", Cli.repository("policies").toString(),
                "--audit", log.toString(), "--key", keys.resolve("stream.key").toString(), "--json", "-")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        List<String> events = new ArrayList<>();
        try (OutputStream in = child.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                     StandardCharsets.UTF_8))) {
            for (int i = 1; i <= 3; i++) {
                in.write((GuardCommandTest.transfer(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), i, i != 2) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                events.add("wrote " + i);
                // Blocks until the child prints: a check that waited for the end of its input would hang here
                // (and the default test timeout would fail it), since the pipe is still open.
                String decision = out.readLine();
                assertTrue(decision != null, () -> "the check ended: " + stderr());
                assertTrue(child.isAlive(), "the input is open, so the check is still running");
                events.add("printed " + i + " " + (decision.contains("\"ALLOW\"") ? "ALLOW" : "DENY"));
                try (Stream<AuditRecord> records = AuditReader.records(log)) {
                    events.add("recorded " + records.filter(r -> r.kind() == AuditRecord.Kind.DECISION).count());
                }
            }
            events.add("input closed");
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of("wrote 1", "printed 1 ALLOW", "recorded 1", "wrote 2", "printed 2 DENY", "recorded 2",
                "wrote 3", "printed 3 ALLOW", "recorded 3", "input closed"), events);
        assertEquals(GuardCommand.NEGATIVE, child.exitValue(), "one transfer was denied");
    }

    private String stderr() {
        try {
            return java.nio.file.Files.readString(dir.resolve("stderr.txt"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
