package dev.transferguard.benchmarks;

import dev.transferguard.Guard;
import dev.transferguard.Transfer;
import dev.transferguard.policy.PolicyBundle;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The heap that loaded packs keep, and the first load's time in a fresh JVM. Run in a JVM of its own, best
 * with {@code -XX:+UseSerialGC} so that the used heap after {@code System.gc()} is exact:
 *
 * <pre>
 * java -XX:+UseSerialGC -cp benchmarks.jar dev.transferguard.benchmarks.HeapAfterLoad OUT.json
 * </pre>
 *
 * <p>The retained heap is the used heap after a full collection with a guard over all shipped packs held
 * (having decided one transfer, so that its per-thread scratch space exists), less the used heap after a
 * full collection before loading. The classes were loaded and initialised by an earlier load whose result
 * was dropped; class metadata is not heap and is not counted.
 */
public final class HeapAfterLoad {

    private HeapAfterLoad() {
    }

    /**
     * Measures and writes {@code {"heap_after_load_mb": ..., "load_cold_ms": ..., "heap_used_mb": ...}}.
     *
     * @param args the output file
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HeapAfterLoad OUT.json");
            System.exit(2);
        }
        List<Transfer> transfers = ShippedPacks.transfers();
        long start = System.nanoTime();
        PolicyBundle first = ShippedPacks.load();
        double coldMs = (System.nanoTime() - start) / 1e6;
        Guard.builder().policies(first).build().preview(transfers.get(0));
        first = null;

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        Guard guard = Guard.builder().policies(ShippedPacks.load()).build();
        guard.preview(transfers.get(0));
        long after = usedAfterGc(memory);
        java.lang.ref.Reference.reachabilityFence(guard);

        double retainedMb = (after - before) / (1024.0 * 1024.0);
        double usedMb = after / (1024.0 * 1024.0);
        String json = String.format(Locale.ROOT,
                "{\"heap_after_load_mb\": %.3f, \"load_cold_ms\": %.1f, \"heap_used_mb\": %.3f}%n",
                retainedMb, coldMs, usedMb);
        Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        System.out.print(json);
    }

    /** The used heap after full collections, repeated until it stops shrinking. */
    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return used;
            }
            used = now;
        }
        return used;
    }
}
