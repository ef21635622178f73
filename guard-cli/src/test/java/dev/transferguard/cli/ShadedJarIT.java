package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar users run: it says its version, and carries the libraries at the versions the build manages. */
class ShadedJarIT {

    static final Path JAR = Path.of(System.getProperty("guard.jar"));

    @Test
    void versionIsTheProjectsVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("guard " + System.getProperty("guard.version") + "\n", out);
    }

    @Test
    void aFileTooLargeForTheHeapIsAnInternalErrorInOneLineAndNothingIsDecided(@TempDir Path dir) throws Exception {
        // About 70 MB of transfers, read whole before any is decided, against a heap of 32 MB: the JVM runs out of
        // memory inside the command. That is no denial (1) and no fault of the input (2).
        String line = "{\"origin\": \"DE\", \"destination\": \"JP\", \"categories\": [\"personal.contact\"], "
                + "\"subjects\": {\"residence\": [\"DE\"], \"count\": 10}, \"recipient\": {\"name\": \"acme-jp\", "
                + "\"kind\": \"commercial\", \"jurisdiction\": \"JP\", \"coveredPerson\": false}}\n";
        Path transfers = dir.resolve("transfers.jsonl");
        try (java.io.Writer w = Files.newBufferedWriter(transfers, StandardCharsets.UTF_8)) {
            for (long written = 0; written < 70L << 20; written += line.length()) {
                w.write(line);
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-jar", JAR.toString(), "check", "--policies",
                Cli.repository("policies").toString(), transfers.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(GuardCommand.INTERNAL_ERROR, p.exitValue(), err);
        assertEquals("internal error: java.lang.OutOfMemoryError: Java heap space (run with --verbose for the stack "
                + "trace)\n", err);
        assertEquals(0, Files.size(dir.resolve("out.txt")), "nothing was decided, so nothing is printed");
    }

    @Test
    void bundledLoggingAndCryptographyAreTheManagedReleases() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(System.getProperty("guard.logback.version"),
                    version(jar, "ch.qos.logback/logback-classic"));
            assertEquals(System.getProperty("guard.logback.version"), version(jar, "ch.qos.logback/logback-core"));
        }
        // BouncyCastle ships no pom.properties: its provider says its version.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, null)) {
            Provider bc = (Provider) loader.loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getConstructor().newInstance();
            assertEquals(System.getProperty("guard.bouncycastle.version"), bc.getVersionStr());
        }
    }

    @Test
    void theBuildWritesABillOfMaterialsNamingWhatShips() throws IOException {
        String sbom = Files.readString(Path.of(System.getProperty("guard.sbom")));
        assertTrue(sbom.contains("\"bomFormat\" : \"CycloneDX\"") || sbom.contains("\"bomFormat\":\"CycloneDX\""),
                "a CycloneDX document");
        for (String shipped : new String[] {"pkg:maven/org.bouncycastle/bcprov-jdk18on@"
                + System.getProperty("guard.bouncycastle.version"), "pkg:maven/ch.qos.logback/logback-classic@"
                + System.getProperty("guard.logback.version"), "pkg:maven/info.picocli/picocli@"}) {
            assertTrue(sbom.contains(shipped), "the bill of materials names " + shipped);
        }
    }

    private static String version(JarFile jar, String artifact) throws IOException {
        ZipEntry e = jar.getEntry("META-INF/maven/" + artifact + "/pom.properties");
        Properties p = new Properties();
        try (InputStream in = jar.getInputStream(e)) {
            p.load(in);
        }
        return p.getProperty("version");
    }
}
