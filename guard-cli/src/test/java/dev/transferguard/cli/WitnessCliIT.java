package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios end to end: {@code guard witness serve} in a JVM of its own on a loopback port, logs
 * written by {@code guard check --audit --witness}, and {@code guard audit verify} with the witness's key, on an
 * honest log, a forked one and many at once.
 */
class WitnessCliIT {

    @TempDir
    Path dir;
    private Process witness;

    @AfterEach
    void stopWitness() throws InterruptedException {
        if (witness != null) {
            witness.destroy();
            witness.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private int serve(Path keys) throws IOException {
        witness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GuardCommand.class.getName(), "witness", "serve", "--key", keys.resolve("w1.key").toString(),
                "--state", dir.resolve("witness-state").toString(), "--port", "0",
                "--log-key", keys.resolve("acme.pub").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(witness.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/add-checkpoint").matcher(
                String.valueOf(line));
        assertTrue(m.find(), "the witness printed: " + line);
        return Integer.parseInt(m.group(1));
    }

    private static Cli check(Path log, Path keys, int port) {
        Cli c = Cli.run("check", "--policies", Cli.repository("policies").toString(), "--audit", log.toString(),
                "--key", keys.resolve("acme.key").toString(), "--witness", "http://127.0.0.1:" + port,
                "--witness-key", keys.resolve("w1.pub").toString(),
                Cli.repository("examples/transfers/exports.jsonl").toString());
        assertTrue(c.code() == 0 || c.code() == 1, c.toString());
        return c;
    }

    private static Cli verify(Path log, Path keys) {
        return Cli.run("audit", "verify", "--log", log.toString(), "--key", keys.resolve("acme.pub").toString(),
                "--witness-key", keys.resolve("w1.pub").toString());
    }

    @Test
    void witnessedLogsForksAndManyLogs() throws IOException {
        Path keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "acme", "--out", keys.toString()).code());
        assertEquals(0, Cli.run("keygen", "--name", "w1", "--out", keys.toString()).code());
        int port = serve(keys);
        Path root = dir.resolve("logs");
        Path log = root.resolve("service-a");

        // 1. A witnessed log verifies, with the number of cosigned checkpoints.
        check(log, keys, port);
        Path copy = dir.resolve("copy");
        dev.transferguard.audit.FastTemp.copyTree(log, copy);
        check(log, keys, port);
        Cli ok = verify(log, keys);
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().matches("(?s)OK: transferguard/service-a: 8 records, 8 signed by acme\\+[0-9a-f]{8}; "
                + "[1-9][0-9]* checkpoints? cosigned by 1 of 1 witness\\n.*"), ok.out());

        // 2. The copy taken before the last run, restored and written with other history: the witness refuses it.
        Path fork = root.resolve("service-b");
        dev.transferguard.audit.FastTemp.copyTree(copy, fork);
        check(fork, keys, port);
        check(fork, keys, port);
        Cli forked = verify(fork, keys);
        assertEquals(1, forked.code(), forked.toString());
        assertTrue(forked.out().startsWith("TAMPERED: UNWITNESSED"), forked.out());
        try (Stream<Path> evidence = Files.list(dir.resolve("witness-state/evidence"))) {
            assertTrue(evidence.anyMatch(p -> p.getFileName().toString().endsWith(".txt")),
                    "the witness kept the refused fork");
        }
        // The honest log's cosigned checkpoint beside the fork names the fork.
        try (Stream<Path> cosigned = Files.list(log.resolve("cosignatures"))) {
            Path newest = cosigned.filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
            Files.copy(newest, fork.resolve("cosignatures").resolve(newest.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Cli named = verify(fork, keys);
        assertEquals(1, named.code(), named.toString());
        assertTrue(named.out().startsWith("TAMPERED: FORKED (cosignatures/"), named.out());
        assertTrue(named.out().contains("witness w1+"), named.out());

        // 3. Three logs in one run: one line each and a summary; one not intact makes it exit 1.
        check(root.resolve("service-c"), keys, port);
        Cli many = Cli.run("audit", "verify", "--logs", root.toString(), "--key", keys.resolve("acme.pub").toString());
        assertEquals(0, many.code(), many.toString());
        assertEquals(3, many.out().lines().filter(l -> l.contains(": OK: ")).count(), many.out());
        assertTrue(many.out().contains("3 logs: 3 intact, 0 not intact"), many.out());
        Cli manyWitnessed = Cli.run("audit", "verify", "--logs", root.toString(), "--key",
                keys.resolve("acme.pub").toString(), "--witness-key", keys.resolve("w1.pub").toString(), "--json");
        assertEquals(1, manyWitnessed.code(), manyWitnessed.toString());
        assertTrue(manyWitnessed.out().contains("\"intact\":2,\"notIntact\":1"), manyWitnessed.out());
    }
}
