package dev.transferguard.audit.internal.note;

import dev.transferguard.audit.KeyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reading and writing key files. A private key file is created owner-only (0600) in the same call
 * that creates it, so there is no moment at which another user could open it; no existing file is
 * ever replaced.
 */
public final class KeyFiles {

    /** Key files are a few hundred bytes; anything far larger is not a key. */
    private static final long MAX_SIZE = 64 * 1024;

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private KeyFiles() {
    }

    /**
     * Reads a key file, refusing anything too large to be one.
     *
     * @param file the file
     * @return its bytes
     * @throws IOException when it cannot be read
     */
    public static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw new KeyFormatException(file + ": " + size + " bytes is too large for a key file");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Whether a private key file can be read or written by others than its owner.
     *
     * @param file the key file
     * @return a warning naming the file and its mode, or {@code null} when only its owner has access (or the
     *         file system has no POSIX permissions, or the file cannot be inspected)
     */
    public static String exposure(Path file) {
        try {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return null;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
            others.retainAll(mode);
            if (others.isEmpty()) {
                return null;
            }
            return "the private key file " + file + " can be read or written by its group or by others (mode "
                    + PosixFilePermissions.toString(mode) + "); make it readable by its owner only: chmod 600 "
                    + file;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * Creates a file that must not exist yet and writes it durably.
     *
     * @param file    the new file
     * @param content its bytes
     * @param secret  whether only the owner may read it (applied where the file system has POSIX permissions)
     * @throws IOException when it cannot be written, or {@link java.nio.file.FileAlreadyExistsException}
     */
    public static void writeNew(Path file, byte[] content, boolean secret) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = secret && posix ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Derives a key name from a file name: {@code NAME.pem}, {@code NAME.key.pem} and {@code NAME.pub.pem}
     * all give {@code NAME}.
     *
     * @param file the key file
     * @return the key name
     * @throws KeyFormatException when what is left is not a valid key name
     */
    public static String nameFromFileName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        name = stripSuffix(name, ".pem");
        name = name.endsWith(".key") ? stripSuffix(name, ".key") : stripSuffix(name, ".pub");
        String problem = KeyNames.problem(name);
        if (problem != null) {
            throw new KeyFormatException(file + ": cannot take the key name from the file name (" + problem
                    + "); give the name explicitly");
        }
        return name;
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }
}
