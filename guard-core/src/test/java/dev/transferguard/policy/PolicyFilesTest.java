package dev.transferguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transferguard.GuardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy directory is read only from regular files inside it, and never past a file's limit: a FIFO in place of
 * a policy file or of {@code .bundle.sig} once hung every load, and a link to {@code /dev/zero} ran out of memory.
 * Each test has a timeout, so that a hang fails instead of stalling the build.
 */
public class PolicyFilesTest {

    static final String VOCABULARY = "category personal \"Personal data\"\n";
    static final String PACK = "policy p \"P\"\n  default allow\n";

    @TempDir
    Path dir;

    Path policies() throws IOException {
        Path p = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(p.resolve("vocabulary.guard"), VOCABULARY);
        Files.writeString(p.resolve("p.guard"), PACK);
        return p;
    }

    /**
     * Makes a FIFO with {@code mkfifo}, or skips the test where there is none.
     *
     * @param path where
     * @throws IOException          if starting the command fails other than by its absence
     * @throws InterruptedException if interrupted while it runs
     */
    public static void mkfifo(Path path) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
            return;
        }
        assumeTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, "mkfifo failed");
    }

    static void assumeDevZero() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoAsAPolicyFileIsRefusedByName() throws Exception {
        Path p = policies();
        mkfifo(p.resolve("fifo.guard"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertEquals(p + "/fifo.guard: not a regular file (a device, FIFO or socket); policy files are read only"
                + " from regular files", e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoAsTheBundleSignatureIsRefusedByName() throws Exception {
        Path p = policies();
        mkfifo(p.resolve(".bundle.sig"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().startsWith(p.resolve(".bundle.sig") + ": not a regular file"), e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLinkToDevZeroAsAPolicyFileIsRefused() throws Exception {
        assumeDevZero();
        Path p = policies();
        Files.createSymbolicLink(p.resolve("zero.guard"), Path.of("/dev/zero"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().startsWith(p + "/zero.guard: is a link to /dev/zero, outside the policy directory"),
                e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLinkToDevZeroAsTheBundleSignatureIsRefused() throws Exception {
        assumeDevZero();
        Path p = policies();
        Files.createSymbolicLink(p.resolve(".bundle.sig"), Path.of("/dev/zero"));
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().contains("is a link to /dev/zero, outside the policy directory"), e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLinkToARegularFileOutsideTheDirectoryIsRefused() throws Exception {
        Path p = policies();
        Path outside = Files.writeString(dir.resolve("elsewhere.guard"), PACK.replace("policy p", "policy q"));
        Files.createSymbolicLink(p.resolve("q.guard"), outside);
        GuardException e = assertThrows(GuardException.class, () -> PolicyBundle.load(p));
        assertTrue(e.getMessage().contains("outside the policy directory"), e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLinkToAPolicyFileInsideTheDirectoryIsRead() throws Exception {
        Path p = policies();
        Path shared = Files.createDirectories(p.resolve("shared"));
        Files.writeString(shared.resolve("q.txt"), PACK.replace("policy p", "policy q"));
        Files.createSymbolicLink(p.resolve("q.guard"), shared.resolve("q.txt"));
        assertEquals(2, PolicyBundle.load(p).packs().size());
    }
}
