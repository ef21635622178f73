package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transferguard.audit.IndependentVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log written by {@code guard check --audit} passes a verifier written from {@code docs/audit-log.md}
 * alone (JDK only), with the {@code .pub} file {@code guard keygen} wrote.
 */
class CheckAuditThirdPartyTest {

    @TempDir
    Path dir;

    private static int guard(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GuardCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        assertFalse(err.toString().contains("\tat "), () -> String.join(" ", args) + ": " + err);
        return code;
    }

    @Test
    void theDocumentIsEnoughToVerifyWhatTheCommandWrote() throws Exception {
        Path keys = dir.resolve("keys");
        Path log = dir.resolve("log");
        assertEquals(0, guard("keygen", "--name", "auditor", "--out", keys.toString()));
        int code = guard("check", "--policies", "policies", "--audit", log.toString(), "--key",
                keys.resolve("auditor.key").toString(), "--origin", "example.com/transfers",
                "examples/transfers/exports.jsonl");
        assertEquals(1, code, "the sample has a denied transfer");

        int records = IndependentVerifier.assertIntact(log, "example.com/transfers", "auditor",
                keys.resolve("auditor.pub"));
        assertEquals(4, records, "one record per transfer of the sample");
        assertEquals(0, guard("audit", "verify", "--log", log.toString(), "--key", keys.resolve("auditor.pub")
                .toString()));
    }
}
