package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The CPU time of a real child process, read from /proc while it runs. */
@EnabledOnOs(OS.LINUX)
class ThreadCpuTest {

    @Test
    void aBusyChildIsSeenToUseCpuAndAShellHasNoCompilerThreads() throws Exception {
        // A shell counting to 200,000 keeps a processor busy for a few tenths of a second.
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done")
                .redirectErrorStream(true).start();
        ThreadCpu cpu = ThreadCpu.watch(p);
        assertEquals(0, p.waitFor());
        cpu.stop();
        assertTrue(cpu.totalSeconds() > 0, "CPU seconds: " + cpu.totalSeconds());
        assertEquals(0.0, cpu.compilerSeconds());
    }

    @Test
    void aJvmsCompilerThreadsAreCountedApartFromItsOtherThreads() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertTrue(Files.isExecutable(java));
        // -Xcomp compiles every method before its first call: the compiler threads are busy, and so is main.
        Process p = new ProcessBuilder(java.toString(), "-Xcomp", "-XX:+UseSerialGC", "-version")
                .redirectErrorStream(true).start();
        ThreadCpu cpu = ThreadCpu.watch(p);
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        cpu.stop();
        assertTrue(cpu.compilerSeconds() > 0 && cpu.compilerSeconds() < cpu.totalSeconds(),
                cpu.compilerSeconds() + " s compiling of " + cpu.totalSeconds() + " s");
    }
}
