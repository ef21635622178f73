package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring benchmark's application starts, passes its own checks, notes its audit writer's figures, and leaves no
 * audit log behind.
 */
class SpringBenchmarkTest {

    @Test
    void startsGuardsRecordsAndCleansUp(@TempDir Path results) throws IOException {
        SpringBenchmark b = new SpringBenchmark();
        b.start();
        try {
            b.startIteration();
            for (int i = 0; i < 100; i++) {
                assertEquals(b.unguarded(), b.guarded());
            }
            b.countIteration();
        } finally {
            b.stop(results);
        }
        // One line: the records' mean size (a decision record is over a kilobyte), the writer's CPU per record
        // and the floor of it.
        String[] figures = Files.readString(results.resolve("spring-writer.txt")).trim().split(" ");
        assertEquals(3, figures.length);
        assertTrue(Double.parseDouble(figures[0]) > 1000, figures[0]);
        assertTrue(Double.parseDouble(figures[1]) > 0, figures[1]);
        assertTrue(Double.parseDouble(figures[2]) > 0, figures[2]);
        Path target = Resources.policies().getParent().resolve("guard-benchmarks").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("spring-benchmark-")));
        }
    }
}
