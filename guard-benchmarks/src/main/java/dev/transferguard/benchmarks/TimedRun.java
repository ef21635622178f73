package dev.transferguard.benchmarks;

/**
 * One timed run of a command in a child process: its wall-clock seconds from start to exit, and the CPU seconds
 * of all its threads and of the JIT's compiler threads among them, as {@link ThreadCpu} read them.
 *
 * @param seconds         wall-clock seconds
 * @param cpuSeconds      CPU seconds of every thread, {@code NaN} where they cannot be read
 * @param compilerSeconds CPU seconds of the compiler threads, {@code NaN} where they cannot be read
 */
record TimedRun(double seconds, double cpuSeconds, double compilerSeconds) {

    /** A CPU time as a JSON number with two decimals, or {@code null} where it could not be read. */
    static String json(double seconds) {
        return Double.isNaN(seconds) ? "null" : String.format(java.util.Locale.ROOT, "%.2f", seconds);
    }

    /** The line that a measurement program prints on standard error for one run. */
    String describe(String program, int run, int runs) {
        return String.format(java.util.Locale.ROOT, "%s: run %d of %d: %.3f s, %.2f s of CPU (compiling %.2f s)",
                program, run, runs, seconds, cpuSeconds, compilerSeconds);
    }
}
