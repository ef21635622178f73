package dev.transferguard.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Spring benchmark's application starts, passes its own checks, and leaves no audit log behind. */
class SpringBenchmarkTest {

    @Test
    void startsGuardsRecordsAndCleansUp() throws IOException {
        SpringBenchmark b = new SpringBenchmark();
        b.start();
        try {
            for (int i = 0; i < 100; i++) {
                assertEquals(b.unguarded(), b.guarded());
            }
        } finally {
            b.stop();
        }
        Path target = Resources.policies().getParent().resolve("guard-benchmarks").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("spring-benchmark-")));
        }
    }
}
