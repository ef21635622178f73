package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run builds only the subcommands its arguments name; what it prints and returns must be exactly what the
 * whole command tree gives.
 */
class CommandTreeTest {

    @TempDir
    Path dir;

    private static String run(boolean everything, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GuardCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), everything, args);
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }

    @Test
    void onlyTheNamedCommandsAreBuiltAndNothingElseChanges() {
        String missing = dir.resolve("no-such-log").toString();
        String key = dir.resolve("no-such.pub").toString();
        List<String[]> cases = List.of(
                new String[] {},
                new String[] {"--help"},
                new String[] {"--version"},
                new String[] {"help", "audit", "verify"},
                new String[] {"audit"},
                new String[] {"audit", "--help"},
                new String[] {"audit", "verfy"},
                new String[] {"audit", "verify"},
                new String[] {"audit", "verify", "--help"},
                new String[] {"audit", "verify", "--bogus"},
                new String[] {"audit", "verify", "--log", missing, "--key", key},
                new String[] {"audit", "verify", "--verbose", "--log", missing, "--key", key},
                new String[] {"audit", "verify", "--log", missing, "--key", key, "extra"},
                new String[] {"audit", "show", "--help"},
                new String[] {"audit", "verify-proof", "--help"},
                new String[] {"--verbose", "audit", "verify", "--log", missing, "--key", key},
                new String[] {"bundle", "sign", "--help"},
                new String[] {"check", "--help"},
                new String[] {"keygen"},
                new String[] {"lint", "--help"},
                new String[] {"test", "--help"},
                new String[] {"chek"});
        for (String[] args : cases) {
            assertEquals(run(true, args), run(false, args), String.join(" ", args));
        }
        assertTrue(run(false, "audit", "verify", "--help").contains("--trusted-checkpoint"));
        assertTrue(run(false, "audit", "verify", "--help").contains("--verbose"),
                "the inherited --verbose option reaches the command");
    }
}
