package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A thread's times are read from the one thread named, or from none. */
class ThreadTimeTest {

    private static Thread waiting(String name, CountDownLatch release) {
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        return t;
    }

    @Test
    void readsTheOneThreadNamedAndRefusesTwoOrNone() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
        CountDownLatch release = new CountDownLatch(1);
        Thread first = waiting("tt-watched-a", release);
        try {
            ThreadTime.Watch watch = ThreadTime.Watch.find("tt-watched");
            assertNotNull(watch, "one live thread so named");
            assertNull(ThreadTime.Watch.find("tt-nobody"), "no thread so named, after looking for a second");
            ThreadTime before = watch.now();
            Thread second = waiting("tt-watched-b", release);
            assertNull(ThreadTime.Watch.find("tt-watched"), "two threads so named: which one is not known");
            ThreadTime spent = watch.now().since(before);
            assertTrue(spent.wallNanos() >= 0 && spent.cpuNanos() >= 0 && spent.userNanos() >= 0
                    && spent.runQueueNanos() >= 0 && spent.parkedNanos() >= 0, spent.toString());
            release.countDown();
            second.join();
        } finally {
            release.countDown();
            first.join();
        }
    }

    @Test
    void aThreadThatHasEndedCannotBeRead() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
        CountDownLatch release = new CountDownLatch(1);
        Thread t = waiting("tt-ending", release);
        ThreadTime.Watch watch = ThreadTime.Watch.find("tt-ending");
        assertNotNull(watch);
        release.countDown();
        t.join();
        assertThrows(IllegalStateException.class, watch::now);
    }
}
