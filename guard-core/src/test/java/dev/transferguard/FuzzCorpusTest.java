package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.audit.AddCheckpointFuzzTest;
import dev.transferguard.audit.CheckpointFuzzTest;
import dev.transferguard.audit.internal.AuditLineFuzzTest;
import dev.transferguard.internal.json.TransferJsonFuzzTest;
import dev.transferguard.policy.PolicyParserFuzzTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every seed and every finding of the fuzz targets ({@code *FuzzTestInputs}) in the unit tests,
 * without the fuzzer: a crash the fuzzer once found, saved as {@code crash-*} beside the seeds, stays
 * fixed even in a build that skips fuzzing.
 */
class FuzzCorpusTest {

    private record Target(String inputs, Consumer<byte[]> run) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("dev/transferguard/policy/PolicyParserFuzzTestInputs", PolicyParserFuzzTest::target),
            new Target("dev/transferguard/internal/json/TransferJsonFuzzTestInputs", TransferJsonFuzzTest::target),
            new Target("dev/transferguard/audit/internal/AuditLineFuzzTestInputs", AuditLineFuzzTest::target),
            new Target("dev/transferguard/audit/CheckpointFuzzTestInputs", CheckpointFuzzTest::target),
            new Target("dev/transferguard/audit/AddCheckpointFuzzTestInputs", AddCheckpointFuzzTest::target));

    @TestFactory
    List<DynamicTest> everySeedAndFindingIsHandled() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Target t : TARGETS) {
            Path dir = Path.of(FuzzCorpusTest.class.getClassLoader().getResource(t.inputs()).toURI());
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            assertTrue(files.size() >= 3, t.inputs() + " has seeds");
            for (Path f : files) {
                byte[] input = Files.readAllBytes(f);
                tests.add(DynamicTest.dynamicTest(dir.relativize(f).toString(),
                        () -> assertDoesNotThrow(() -> t.run().accept(input))));
            }
        }
        return tests;
    }

    @Test
    void everyFuzzTargetsInputsAreReplayed() throws IOException, URISyntaxException {
        // A target left out of the list above would have its findings replayed only when fuzzing runs.
        String first = TARGETS.get(0).inputs();
        Path root = Path.of(FuzzCorpusTest.class.getClassLoader().getResource(first).toURI());
        for (int up = first.split("/").length; up > 0; up--) {
            root = root.getParent();
        }
        Set<String> found = new TreeSet<>();
        Path resources = root;
        try (Stream<Path> walk = Files.walk(resources)) {
            walk.filter(p -> Files.isDirectory(p) && p.getFileName().toString().endsWith("FuzzTestInputs"))
                    .forEach(p -> found.add(resources.relativize(p).toString().replace('\\', '/')));
        }
        Set<String> replayed = new TreeSet<>();
        TARGETS.forEach(t -> replayed.add(t.inputs()));
        assertEquals(found, replayed);
    }
}
