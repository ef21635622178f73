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
