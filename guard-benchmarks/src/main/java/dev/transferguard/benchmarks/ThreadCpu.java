package dev.transferguard.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a child process's CPU time went to, thread by thread, read from Linux's {@code /proc} while it runs: its
 * own threads, the JIT's compiler threads, the collector. A command timed on the wall clock cannot finish sooner
 * than its CPU time over the processors, so these figures tell a command's own work from what the JVM spends on
 * it, measured in the very run that was timed.
 *
 * <p>Each thread's time is the last value read before it ended: a thread may lack up to one polling interval
 * ({@value #POLL_MILLIS} ms), and the kernel counts in clock ticks (10 ms where {@code USER_HZ} is 100). Where
 * there is no {@code /proc}, every figure is {@code NaN}.
 */
final class ThreadCpu {

    /** How often the threads' times are read. */
    static final long POLL_MILLIS = 5;

    private final Path tasks;
    private final Map<String, Long> ticksByThread = new HashMap<>();
    private final Map<String, String> nameByThread = new HashMap<>();
    private final Thread poller;
    private volatile boolean stopped;
    private boolean seen;

    private ThreadCpu(long pid) {
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
        this.poller = new Thread(this::poll, "thread-cpu-" + pid);
        poller.setDaemon(true);
    }

    /**
     * Starts reading the threads' CPU times of a process until {@link #stop} is called.
     *
     * @param process a running process
     * @return the watcher
     */
    static ThreadCpu watch(Process process) {
        ThreadCpu cpu = new ThreadCpu(process.pid());
        cpu.poller.start();
        return cpu;
    }

    /**
     * Stops reading, after the process has ended, and waits for the last reading.
     *
     * @return this
     * @throws InterruptedException if interrupted while waiting
     */
    ThreadCpu stop() throws InterruptedException {
        stopped = true;
        poller.join();
        return this;
    }

    /** @return the CPU seconds of every thread of the process, or {@code NaN} if none could be read */
    synchronized double totalSeconds() {
        return seconds(null);
    }

    /**
     * The CPU seconds of the JIT's compiler threads: the JVM names them {@code C1 CompilerThread0}, {@code C2
     * CompilerThread1} and so on ({@code /proc} keeps the first 15 characters).
     *
     * @return the seconds, or {@code NaN} if no thread could be read
     */
    synchronized double compilerSeconds() {
        return seconds("Compiler");
    }

    private double seconds(String nameContains) {
        if (!seen) {
            return Double.NaN;
        }
        long ticks = 0;
        for (Map.Entry<String, Long> e : ticksByThread.entrySet()) {
            if (nameContains == null || nameByThread.get(e.getKey()).contains(nameContains)) {
                ticks += e.getValue();
            }
        }
        return ticks / (double) TICKS_PER_SECOND;
    }

    private void poll() {
        while (!stopped) {
            read();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        read();
    }

    private void read() {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                String name;
                try {
                    stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                    name = Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII).strip();
                } catch (IOException e) {
                    continue;   // the thread ended meanwhile: its last reading stands
                }
                // After the name in parentheses (which may hold spaces): state, then fields 4 onwards; utime and
                // stime are fields 14 and 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                String id = thread.getFileName().toString();
                synchronized (this) {
                    ticksByThread.merge(id, ticks, Math::max);
                    nameByThread.put(id, name);
                    seen = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc here, or the process has ended: nothing more to read
        }
    }

    /** The kernel's clock ticks per second ({@code USER_HZ}), in which /proc gives CPU times. */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
