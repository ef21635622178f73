package dev.transferguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from a test, whatever module directory the test runs in. */
final class Repository {

    private Repository() {
    }

    /**
     * The repository root: the nearest directory upwards that holds {@code mvnw}.
     *
     * @return the root
     */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("tests must run inside the repository (no mvnw found upwards)");
        }
        return p;
    }

    /**
     * A path below the repository root.
     *
     * @param relative e.g. {@code policies}
     * @return the path
     */
    static Path file(String relative) {
        return root().resolve(relative);
    }
}
