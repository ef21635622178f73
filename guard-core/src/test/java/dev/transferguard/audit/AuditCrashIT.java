package dev.transferguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.internal.read.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process appending to the log in SYNC mode with SIGKILL at random moments, again and again, on
 * the real disk. After each kill the log must open (recovering a torn tail), verify, and hold every
 * record whose append had returned, at the sequence number it returned.
 */
class AuditCrashIT {

    private static final int KILLS = 22;

    @TempDir
    Path dir;

    @Test
    void killedAppendersLoseNoAcknowledgedRecord() throws Exception {
        Path log = dir.resolve("log");
        Path keyFile = dir.resolve(AuditFixtures.key().name() + ".key");
        AuditFixtures.key().writePem(keyFile);
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        System.out.println("AuditCrashIT seed " + seed);
        Map<Long, String> acknowledged = new HashMap<>();
        int killedWhileAppending = 0;
        long recoveries = 0;
        for (int run = 0; run < KILLS; run++) {
            Process child = new ProcessBuilder(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"),
                    AuditCrashChild.class.getName(), log.toString(), keyFile.toString(), Integer.toString(run))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Map<Long, String> acks = new ConcurrentHashMap<>();
            CountDownLatch opened = new CountDownLatch(1);
            Thread reader = new Thread(() -> read(child, acks, opened));
            reader.start();
            if (run % 5 == 4) {
                // Now and then at any moment, start-up and recovery included.
                Thread.sleep(random.nextInt(1500));
            } else {
                // Mostly while appending: a random moment once the log is open.
                assertTrue(opened.await(60, TimeUnit.SECONDS), "run " + run + ": the child did not open the log");
                Thread.sleep(20 + random.nextInt(400));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            reader.join();
            if (!acks.isEmpty()) {
                killedWhileAppending++;
            }
            acknowledged.putAll(acks);

            try (AuditLog reopened = AuditLog.builder().directory(log).origin(AuditFixtures.ORIGIN)
                    .signingKey(AuditFixtures.key()).open()) {
                for (long seq : acks.keySet()) {
                    assertTrue(seq < reopened.size(), "run " + run + ": acknowledged seq " + seq
                            + " is beyond the recovered log of " + reopened.size() + " (seed " + seed + ")");
                }
            }
            AuditVerification v = AuditVerifier.builder().trust(AuditFixtures.key().verifierKey()).build().verify(log);
            assertNull(v.fault(), "run " + run + " (seed " + seed + "): " + v.fault());
            assertEquals(List.of(), v.warnings(), "run " + run);
        }
        // Every acknowledged record is at the seq its append returned, over all runs.
        Map<Long, String> markers = new HashMap<>();
        List<String> kinds = new ArrayList<>();
        try (LogReader lines = LogReader.open(log)) {
            long seq = 0;
            while (lines.next()) {
                String line = new String(lines.buffer(), lines.offset(), lines.length(), StandardCharsets.UTF_8);
                int at = line.indexOf("\"method\":\"");
                if (at >= 0) {
                    markers.put(seq, line.substring(at + 10, line.indexOf('"', at + 10)));
                }
                if (line.contains("\"kind\":\"recovery\"")) {
                    kinds.add("recovery");
                }
                seq++;
            }
        }
        recoveries = kinds.size();
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            assertEquals(a.getValue(), markers.get(a.getKey()), "acknowledged seq " + a.getKey() + " (seed " + seed + ")");
        }
        System.out.printf("AuditCrashIT: %d kills (%d while appending), %d acknowledged records kept, %d recovery"
                + " records, log of %d records%n", KILLS, killedWhileAppending, acknowledged.size(), recoveries,
                markers.size() + recoveries);
        assertTrue(killedWhileAppending >= KILLS / 2, "most kills should hit a process that is appending");
    }

    /**
     * Collects the child's acknowledgements: only whole lines, since the kill may cut the last one. Counts the
     * latch down once the child has opened the log.
     */
    private static void read(Process child, Map<Long, String> acks, CountDownLatch opened) {
        java.util.regex.Pattern ack = java.util.regex.Pattern.compile("(\\d+) (r\\d+t\\d+n\\d+)");
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (var in = child.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    var m = ack.matcher(text);
                    if (m.matches()) {
                        acks.put(Long.parseLong(m.group(1)), m.group(2));
                    } else if (text.startsWith("open ")) {
                        opened.countDown();
                    }
                }
            }
        } catch (java.io.IOException e) {
            // The pipe breaks when the child dies; what was read so far is kept.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
