package dev.transferguard.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directories for the benchmarks that write files: under {@code guard-benchmarks/target/disk-benchmarks},
 * so that the audit log, Logback's file and the bare fsync all land on the same disk, and never on a RAM
 * file system, where an fsync costs nothing and the figures would mean nothing.
 */
final class ScratchFiles {

    /** The system property that names the parent directory of the benchmarks' files. */
    static final String PROPERTY = "guard.benchmarks.scratch";

    private static final Set<String> RAM_FILE_SYSTEMS = Set.of("tmpfs", "ramfs", "devtmpfs");

    private ScratchFiles() {
    }

    /**
     * A new, empty directory for one trial.
     *
     * @param prefix the start of its name
     * @return the directory
     * @throws IllegalStateException when the parent is on a RAM file system
     */
    static Path newDirectory(String prefix) {
        try {
            Path parent = parent();
            Files.createDirectories(parent);
            FileStore store = Files.getFileStore(parent);
            if (RAM_FILE_SYSTEMS.contains(store.type().toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(parent + " is on a RAM file system (" + store.type()
                        + "): fsync would cost nothing there; pass -D" + PROPERTY + "=DIR on a disk");
            }
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory named by {@code -Dguard.benchmarks.scratch}, else {@code guard-benchmarks/target/
     * disk-benchmarks} of the nearest directory upwards that has a {@code guard-benchmarks} module, else
     * {@code target/disk-benchmarks} of the working directory.
     */
    static Path parent() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            return Path.of(named).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path module = dir.resolve("guard-benchmarks");
            if (Files.isRegularFile(module.resolve("pom.xml"))) {
                return module.resolve("target").resolve("disk-benchmarks");
            }
            if (dir.getFileName() != null && dir.getFileName().toString().equals("guard-benchmarks")
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("target").resolve("disk-benchmarks");
            }
        }
        return Path.of("target", "disk-benchmarks").toAbsolutePath();
    }

    /**
     * Deletes a directory and everything in it; does nothing when it is gone.
     *
     * @param dir the directory
     */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
