package dev.transferguard.policy.internal;

import dev.transferguard.GuardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files of a policy directory, policy files and the bundle signature alike: only regular files inside
 * the directory, and never more than a limit. A FIFO would block a load for ever and a link to
 * {@code /dev/zero} would fill the heap, and {@code Files.size} does not see either coming: a FIFO and a
 * device report a size of 0.
 */
final class PolicyFiles {

    /** What {@link #read} found: the bytes, or {@code null} when there were more than the limit. */
    record Bytes(byte[] bytes) {
    }

    private PolicyFiles() {
    }

    /**
     * Reads a file of a policy directory.
     *
     * @param directory the policy directory
     * @param file      the file, in the directory or below it
     * @param name      the file's name in messages
     * @param limit     the most bytes the file may have
     * @return its bytes, or {@code Bytes(null)} when it has more than {@code limit}
     * @throws GuardException        naming the file, if it is not a regular file (a device, FIFO, socket or
     *                               directory), or a link to somewhere outside the directory
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws IOException           if it cannot be read
     */
    static Bytes read(Path directory, Path file, String name, int limit) throws IOException {
        Path target = regularFileIn(directory, file, name);
        try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
            // Read one byte past the limit, never the whole file: its size as reported may be a lie.
            byte[] bytes = in.readNBytes(limit + 1);
            return new Bytes(bytes.length > limit ? null : bytes);
        }
    }

    /** The file itself, or where its link leads if that is inside the directory; refused otherwise. */
    private static Path regularFileIn(Path directory, Path file, String name) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Path target = file;
        if (attributes.isSymbolicLink()) {
            target = file.toRealPath();
            if (!target.startsWith(directory.toRealPath())) {
                throw new GuardException(name + ": is a link to " + target
                        + ", outside the policy directory; policy files are read only from inside it");
            }
            attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        if (!attributes.isRegularFile()) {
            throw new GuardException(name + ": not a regular file (" + kind(attributes)
                    + "); policy files are read only from regular files");
        }
        return target;
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        // Java tells devices, FIFOs and sockets apart from regular files, not from one another.
        return "a device, FIFO or socket";
    }
}
