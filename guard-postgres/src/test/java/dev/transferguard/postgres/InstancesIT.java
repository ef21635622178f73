package dev.transferguard.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.Decision;
import dev.transferguard.Guard;
import dev.transferguard.counters.CounterStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances in JVMs of their own against one server: racing past a threshold, killed with SIGKILL in the middle
 * of a decision, and deciding through a restart of the server.
 */
class InstancesIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final long DAY = TODAY.toEpochDay();

    @TempDir
    static Path dir;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        db = Database.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        db.empty();
        // Created once, before the instances race to create it.
        db.store().close();
    }

    private static Process instance(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), Instance.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static long people() {
        try (PostgresCounterStore store = db.store()) {
            long n = store.count("p/people", null, DAY, DAY, null);
            store.settle(false);
            return n;
        }
    }

    @Test
    void fourInstancesRacingPastFiftyPeopleAllowExactlyFifty() throws Exception {
        Path go = dir.resolve("go");
        Files.deleteIfExists(go);
        List<Process> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(instance("race", db.url(), go.toString(), "40", "i" + i + "-"));
        }
        Thread.sleep(1500);
        Files.createFile(go);
        int allowed = 0;
        for (Process p : instances) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "an instance did not finish");
            assertEquals(0, p.exitValue());
            allowed += Integer.parseInt(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        assertEquals(Packs.LIMIT, allowed, "160 new people offered at once, the pack denies above 50");
        assertEquals(Packs.LIMIT, people());
    }

    @Test
    void anInstanceKilledInTheMiddleOfADecisionReleasesItsCounter() throws Exception {
        Process holder = instance("hold", db.url());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                PostgresCounterStore store = PostgresCounterStore.builder().url(db.url()).pseudonymKey(Database.KEY)
                        .timeout(java.time.Duration.ofMillis(500)).build()) {
            assertEquals("holding", out.readLine());
            Guard guard = Guard.builder().policies(Packs.bundle()).counters(store).build();
            Decision waiting = guard.decide(Packs.export(TODAY, "acme", 0, "someone"));
            assertFalse(waiting.allowed(), "the counter is locked by the instance's decision: " + waiting.explain());
            assertEquals(CounterStoreException.PACK, waiting.reasons().get(0).pack());
            holder.toHandle().destroyForcibly();
            holder.waitFor();
            Decision after = null;
            for (int attempt = 0; attempt < 20 && (after == null || !after.allowed()); attempt++) {
                after = guard.decide(Packs.export(TODAY, "acme", 0, "someone"));
            }
            assertTrue(after.allowed(), after.explain());
            assertEquals(1, people());
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void killedAtAnyMomentAnInstanceNeverLeavesAnAllowedTransferUncounted() throws Exception {
        for (int run = 0; run < 3; run++) {
            db.empty();
            db.store().close();
            Process loop = instance("loop", db.url(), "run" + run + "-");
            List<String> acknowledged = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8))) {
                int target = 3 + run * 9;
                String line;
                while (acknowledged.size() < target && (line = out.readLine()) != null) {
                    acknowledged.add(line);
                }
                // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read.
                loop.toHandle().destroyForcibly();
                while ((line = out.readLine()) != null) {
                    acknowledged.add(line);
                }
            }
            long counted = people();
            // Counted before the decision returned: at most the one in flight is counted without its answer.
            assertTrue(counted >= acknowledged.size() && counted <= acknowledged.size() + 1,
                    "run " + run + ": " + acknowledged.size() + " allowed, " + counted + " counted");
        }
    }

    @Test
    void decisionsThroughARestartOfTheServerAreDeniedWhileItIsDownAndNeverUnderCounted() throws Exception {
        try (PostgresCounterStore store = PostgresCounterStore.builder().url(db.url()).pseudonymKey(Database.KEY)
                .timeout(java.time.Duration.ofMillis(500)).build()) {
            Guard guard = Guard.builder().policies(Packs.bundle()).counters(store).build();
            AtomicInteger allowed = new AtomicInteger();
            AtomicInteger deniedByStore = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread deciding = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    Decision d = guard.decide(Packs.export(TODAY, "acme" + i, 0, "restart-" + i));
                    if (d.allowed()) {
                        allowed.incrementAndGet();
                    } else if (d.reasons().get(0).pack().equals(CounterStoreException.PACK)) {
                        deniedByStore.incrementAndGet();
                    }
                    if (allowed.get() >= Packs.LIMIT - 5) {
                        // Keep some room, so that every later decision is the store's to deny or allow.
                        stop.set(true);
                    }
                }
            });
            deciding.start();
            while (allowed.get() < 5) {
                Thread.sleep(5);
            }
            db.stop();
            while (deniedByStore.get() < 3) {
                Thread.sleep(5);
            }
            int beforeRestart = allowed.get();
            db.restart();
            deciding.join(120_000);
            assertFalse(deciding.isAlive());
            assertTrue(allowed.get() > beforeRestart, "decisions resumed after the restart");
            // Every allowed transfer is counted. The one decision in flight when the server stopped may have had
            // its count committed and the answer lost: it was denied, and counts once too much, never too little.
            long counted = people();
            assertTrue(counted >= allowed.get() && counted <= allowed.get() + 1,
                    allowed.get() + " allowed, " + counted + " counted");
        }
    }
}
