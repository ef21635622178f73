package dev.transferguard.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where a thread of this JVM spent the wall-clock time between two readings, as Linux and the JVM count it: running
 * the JVM's code (user mode), waiting for a processor (the kernel's run queue), parked or waiting in Java (a lock, a
 * queue's poll), and the rest in the kernel, on a processor or blocked (a write, an fdatasync, waking a thread). The
 * processor and run-queue times come from the thread's {@code /proc/self/task/TID/schedstat}, the user time and the
 * parked time from {@link ThreadMXBean} (the parked time from its thread contention monitoring, which this enables,
 * in milliseconds; the user time in the kernel's clock ticks), so a reading costs a file read and is meant for
 * iterations of seconds.
 *
 * @param wallNanos     the wall-clock time
 * @param cpuNanos      the time on a processor, user and kernel
 * @param userNanos     of that, the time in user mode (the JVM's code, not system calls)
 * @param runQueueNanos the time runnable, waiting for a processor
 * @param parkedNanos   the time parked, waiting or blocked on a lock in Java
 */
record ThreadTime(long wallNanos, long cpuNanos, long userNanos, long runQueueNanos, long parkedNanos) {

    /**
     * The time spent since an earlier reading of the same thread.
     *
     * @param earlier the earlier reading
     * @return the difference
     */
    ThreadTime since(ThreadTime earlier) {
        return new ThreadTime(wallNanos - earlier.wallNanos, cpuNanos - earlier.cpuNanos,
                userNanos - earlier.userNanos, runQueueNanos - earlier.runQueueNanos, parkedNanos - earlier.parkedNanos);
    }

    /** Reads one live thread's times. */
    static final class Watch {
        private final Thread thread;
        private final Path schedstat;

        private Watch(Thread thread, Path schedstat) {
            this.thread = thread;
            this.schedstat = schedstat;
        }

        /**
         * Finds the one live thread whose name starts with {@code namePrefix}, and the kernel's task of it (the
         * kernel keeps the first 15 characters of a name, so the prefix must tell the thread from every other
         * live one in those too). A thread that has just started names its task only once it runs, and one that
         * has just ended may stay listed for a moment after it was joined, so this looks again for up to a second
         * until it finds exactly one. Turns on thread contention monitoring; a thread's parked time counts from
         * then.
         *
         * @param namePrefix the start of the thread's name
         * @return the watch, or {@code null} where there is no {@code /proc}, no such monitoring, or not exactly
         *         one such thread
         */
        static Watch find(String namePrefix) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            if (!threads.isThreadContentionMonitoringSupported()) {
                return null;
            }
            threads.setThreadContentionMonitoringEnabled(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (true) {
                Thread[] named = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(namePrefix)).toArray(Thread[]::new);
                Path[] tasks = tasks(namePrefix.length() > 15 ? namePrefix.substring(0, 15) : namePrefix);
                if (tasks == null) {
                    return null;
                }
                if (named.length == 1 && tasks.length == 1) {
                    return Files.isReadable(tasks[0]) ? new Watch(named[0], tasks[0]) : null;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return null;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        /** The {@code schedstat} files of this process's tasks whose name starts so; {@code null} without /proc. */
        private static Path[] tasks(String comm) {
            java.util.List<Path> found = new java.util.ArrayList<>();
            try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : all) {
                    try {
                        if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).strip().startsWith(comm)) {
                            found.add(task.resolve("schedstat"));
                        }
                    } catch (IOException gone) {
                        // The task ended while listed.
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return found.toArray(Path[]::new);
        }

        /**
         * Reads the thread's times now.
         *
         * @return the reading
         * @throws IllegalStateException if the thread has ended
         */
        ThreadTime now() {
            long wall = System.nanoTime();
            String[] fields;
            try {
                fields = Files.readString(schedstat, StandardCharsets.US_ASCII).strip().split(" ");
            } catch (IOException e) {
                throw new IllegalStateException("ThreadTime: " + thread.getName() + " has ended", e);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long user = threads.getThreadUserTime(thread.getId());
            ThreadInfo info = threads.getThreadInfo(thread.getId());
            if (info == null) {
                throw new IllegalStateException("ThreadTime: " + thread.getName() + " has ended");
            }
            long parkedMillis = info.getWaitedTime() + info.getBlockedTime();
            return new ThreadTime(wall, Long.parseLong(fields[0]), user, Long.parseLong(fields[1]),
                    TimeUnit.MILLISECONDS.toNanos(parkedMillis));
        }
    }
}
