package dev.transferguard.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary directories for tests that write many logs or many records and test what is written, not how
 * fast the disk makes it durable: on a RAM file system when the machine has one ({@code /dev/shm} on
 * Linux), where an fsync costs nothing, otherwise in the default temporary directory.
 */
public final class FastTemp {

    private FastTemp() {
    }

    public static Path directory(String prefix) {
        try {
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                return Files.createTempDirectory(shm, prefix);
            }
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a directory tree, as an operator restoring a backup would, without the writer's lock file.
     *
     * @param from the directory
     * @param to   where the copy goes; must not exist yet
     */
    public static void copyTree(Path from, Path to) {
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
