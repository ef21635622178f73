package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code guard} launcher builds only when a source is newer than what it built. The build is reproducible,
 * so Maven leaves an unchanged jar with its old time; the launcher must not take that for a stale jar and build
 * on every call. The launcher runs here for real, in a copy of the repository's layout, with a Maven wrapper
 * that counts its builds and dates its jar as a reproducible build does, and a {@code java} that says what it
 * was asked to run.
 */
class LauncherIT {

    private static final FileTime REPRODUCIBLE_TIME = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final FileTime SOURCE_TIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    @TempDir
    Path root;

    @BeforeEach
    void layOutTheRepository() throws IOException {
        Files.copy(Path.of("guard"), root.resolve("guard"));
        for (String module : List.of("guard-core", "guard-postgres", "guard-cli", "guard-spring-starter",
                "examples/spring-crm")) {
            Path source = root.resolve(module + "/src/main/java/Example.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "class Example {}\n");
            Files.setLastModifiedTime(source, SOURCE_TIME);
            Files.writeString(root.resolve(module + "/pom.xml"), "<project/>\n");
            Files.setLastModifiedTime(root.resolve(module + "/pom.xml"), SOURCE_TIME);
        }
        Files.createDirectories(root.resolve("policies"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.setLastModifiedTime(root.resolve("pom.xml"), SOURCE_TIME);
        script("mvnw", """
                #!/usr/bin/env bash
                echo "$*" >> builds.log
                case "$*" in
                  *examples/spring-crm*) out=examples/spring-crm/target/spring-crm.jar ;;
                  *) out=guard-cli/target/guard-cli-1.0-all.jar ;;
                esac
                mkdir -p "$(dirname "$out")"
                : > "$out"
                touch -d '2020-01-01 00:00:00 UTC' "$out"
                """);
        script("jdk/bin/java", """
                #!/usr/bin/env bash
                echo "java $*"
                """);
    }

    @Test
    void buildsOnceAndThenRunsTheJarItBuiltUntilASourceChanges() throws Exception {
        String first = guard("--version");
        assertTrue(first.contains("-jar " + root.resolve("guard-cli/target/guard-cli-1.0-all.jar") + " --version"),
                first);
        assertEquals(1, builds().size(), "the first call builds");
        assertTrue(builds().get(0).contains("-pl guard-cli -am"), builds().toString());

        guard("--version");
        guard("check", "--help");
        assertEquals(1, builds().size(), "nothing changed, so nothing is built again: " + builds());

        Path source = root.resolve("guard-core/src/main/java/Example.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
        Files.setLastModifiedTime(root.resolve("guard-cli/target/guard-cli-1.0-all.jar"), SOURCE_TIME);
        guard("--version");
        assertEquals(2, builds().size(), "a changed source is built: " + builds());
        guard("--version");
        assertEquals(2, builds().size(), "and only once: " + builds());
    }

    @Test
    void theDemoIsBuiltOnceToo() throws Exception {
        String first = guard("demo");
        assertTrue(first.contains("-jar " + root.resolve("examples/spring-crm/target/spring-crm.jar") + " demo"), first);
        guard("demo");
        assertEquals(1, builds().size(), "the demo is built once: " + builds());
        assertTrue(builds().get(0).contains("-pl examples/spring-crm -am"), builds().toString());
    }

    @Test
    void aJarDatedByAReproducibleBuildIsRebuiltWhenSourcesAreNewer() throws Exception {
        Path jar = root.resolve("guard-cli/target/guard-cli-1.0-all.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        Files.setLastModifiedTime(jar, REPRODUCIBLE_TIME);
        guard("--version");
        assertEquals(1, builds().size(), "a jar older than the sources is rebuilt: " + builds());
    }

    private List<String> builds() throws IOException {
        Path log = root.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void script(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String guard(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("guard").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().remove("GUARD_JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher finishes");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
