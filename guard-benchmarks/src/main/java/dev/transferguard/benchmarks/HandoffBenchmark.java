package dev.transferguard.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The other floor of {@link AuditBenchmark#sync8}, beside the disk's ({@link FsyncFloorBenchmark}): what it costs
 * this machine, with nothing written, to release a batch's {@value #CALLERS} waiting callers and take their next
 * requests. A sync caller waits for the fsync that covers its record, so between two fsyncs the log's writer must
 * wake every caller of the last batch, and each must run and queue its next record, before the next batch is
 * whole. Here the benchmark's thread plays the writer and {@value #CALLERS} threads the callers, with the means the
 * log uses: a bounded blocking queue of requests, and callers parked until the writer marks theirs done and
 * unparks them. One operation is one batch released and the next one taken.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(2)
@Threads(1)
public class HandoffBenchmark {

    /** The callers: as many as {@link AuditBenchmark#sync8}'s threads, the most records a batch holds. */
    static final int CALLERS = FsyncFloorBenchmark.BATCH_RECORDS;

    /** One caller's request, as the log's queued record: done once the writer says so. */
    private static final class Request {
        final Thread caller = Thread.currentThread();
        volatile boolean done;
    }

    private final ArrayBlockingQueue<Request> queue = new ArrayBlockingQueue<>(CALLERS);
    private final Request[] batch = new Request[CALLERS];
    private final Thread[] callers = new Thread[CALLERS];
    private volatile boolean stopping;

    /** Starts the callers; each queues its first request. */
    @Setup(Level.Trial)
    public void startCallers() {
        stopping = false;
        for (int i = 0; i < CALLERS; i++) {
            callers[i] = new Thread(this::call, "handoff-caller-" + i);
            callers[i].setDaemon(true);
            callers[i].start();
        }
    }

    private void call() {
        try {
            while (!stopping) {
                Request r = new Request();
                queue.put(r);
                while (!r.done && !stopping) {
                    LockSupport.park(r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes a whole batch of requests, one from each caller, and releases it.
     *
     * @return the requests released
     * @throws InterruptedException if interrupted while waiting for a request
     */
    @Benchmark
    public int releaseAndRegather() throws InterruptedException {
        for (int i = 0; i < CALLERS; i++) {
            batch[i] = queue.take();
        }
        for (Request r : batch) {
            r.done = true;
            LockSupport.unpark(r.caller);
        }
        return batch.length;
    }

    /**
     * Stops the callers and waits for them to end.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @TearDown(Level.Trial)
    public void stopCallers() throws InterruptedException {
        stopping = true;
        for (Thread c : callers) {
            LockSupport.unpark(c);
            c.interrupt();
        }
        for (Thread c : callers) {
            c.join();
        }
        queue.clear();
    }

    /** @return how many callers are still running */
    int callersAlive() {
        int n = 0;
        for (Thread c : callers) {
            n += c != null && c.isAlive() ? 1 : 0;
        }
        return n;
    }
}
