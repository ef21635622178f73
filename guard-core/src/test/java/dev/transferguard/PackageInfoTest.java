package dev.transferguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of every module's main code says, in its {@code package-info.java}, what lives there and what
 * it may use (docs/architecture.md is the map; these are its legend).
 */
class PackageInfoTest {

    @Test
    void everyPackageOfEveryModuleHasAPackageInfo() throws IOException {
        Path root = Repository.root();
        TreeSet<String> missing = new TreeSet<>();
        int packages = 0;
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> dirs = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("(.+/)?src/main/java/.+"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .map(Path::getParent).distinct().collect(Collectors.toList());
            for (Path dir : dirs) {
                packages++;
                Path info = dir.resolve("package-info.java");
                if (!Files.isRegularFile(info)) {
                    missing.add(root.relativize(dir).toString());
                } else {
                    String text = Files.readString(info);
                    assertTrue(text.contains("/**"), info + " documents its package");
                }
            }
        }
        assertTrue(packages >= 30, "found " + packages + " packages: is the repository root right?");
        assertEquals(new TreeSet<>(), missing, "packages without a package-info.java");
    }
}
