package dev.transferguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transferguard.postgres.PostgresCounterStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard check --counters} and {@code guard counters} against a real PostgreSQL server: four processes
 * started together share one count, a rerun still counts what they allowed, and a store that is down or a URL that
 * is malformed is answered as the command promises.
 */
class CountersCommandsIT {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @TempDir
    static Path dir;
    private static EmbeddedPostgres server;
    private static String url;
    private static Path policies;
    private static Path key;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder().start();
        url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
        policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("vocabulary.guard"), """
                bundle default allow
                category personal "people"
                recipient-kind commercial "a company"
                """);
        Files.writeString(policies.resolve("bulk.guard"), """
                policy bulk "at most 50 people a year"
                  version 1
                  applies when origin in [CN]
                  default allow
                counter people = distinct subjects of personal
                  per calendar-year
                rule over-fifty
                  deny when count(people) > 50
                  because "no more than 50 people a year"
                """);
        key = Files.writeString(dir.resolve("pseudonyms.key"), "sixteen or more bytes, shared by every instance");
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** A transfer of one person, by id. */
    private static String export(String id) {
        return "{\"date\":\"" + TODAY + "\",\"origin\":\"CN\",\"destination\":\"SG\",\"categories\":[\"personal\"],"
                + "\"subjects\":{\"residence\":[\"CN\"],\"count\":1,\"ids\":[\"" + id + "\"]},"
                + "\"recipient\":{\"name\":\"acme\",\"kind\":\"commercial\",\"jurisdiction\":\"SG\"}}";
    }

    private static Process guard(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                GuardCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Creates an empty database on the server and returns its URL. */
    private static String newDatabase(String name) throws java.sql.SQLException {
        try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name + "?user=postgres";
    }

    private static Cli check(String counters, String... ids) throws IOException {
        Path input = Files.createTempFile(dir, "transfers", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (String id : ids) {
            lines.append(export(id)).append('\n');
        }
        Files.writeString(input, lines);
        return Cli.run("check", "--policies", policies.toString(), "--counters", counters, "--pseudonym-key",
                key.toString(), input.toString());
    }

    @Test
    void fourProcessesStartedTogetherAllowFiftyPeopleInAllAndARerunStillCountsThem() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                lines.append(export("person-" + p + "-" + i)).append('\n');
            }
            Path input = Files.writeString(dir.resolve("process" + p + ".jsonl"), lines);
            processes.add(guard("check", "--policies", policies.toString(), "--counters", url, "--pseudonym-key",
                    key.toString(), input.toString()));
        }
        int allowed = 0;
        String someoneAllowed = null;
        for (int p = 0; p < 4; p++) {
            Process process = processes.get(p);
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS));
            int mine = (int) out.lines().filter(l -> l.startsWith("ALLOW")).count();
            assertEquals(mine == 40 ? 0 : 1, process.exitValue(), "exit 1 when some were denied");
            allowed += mine;
            java.util.regex.Matcher first = java.util.regex.Pattern.compile("(?m)^ALLOW +#(\\d+) ").matcher(out);
            if (someoneAllowed == null && first.find()) {
                someoneAllowed = "person-" + p + "-" + (Integer.parseInt(first.group(1)) - 1);
            }
            assertEquals(40, out.lines().filter(l -> l.startsWith("ALLOW") || l.startsWith("DENY")).count());
        }
        assertEquals(50, allowed, "160 new people offered by four processes at once; the pack denies above 50");

        Cli newcomer = check(url, "someone-new");
        assertEquals(1, newcomer.code(), newcomer::toString);
        assertTrue(newcomer.out().contains("bulk/over-fifty deny"), newcomer::toString);
        Cli again = check(url, someoneAllowed);
        assertEquals(0, again.code(), "the same person again counts once: " + again);

        Cli shown = Cli.run("counters", "show", "--counters", url, "--policies", policies.toString());
        assertEquals(0, shown.code(), shown::toString);
        assertEquals("bulk/people: 50 of 50 since " + TODAY.substring(0, 4) + "-01-01\n", shown.out());
        Cli json = Cli.run("counters", "show", "--counters", url, "--json");
        assertEquals("{\"counter\":\"bulk/people\",\"counterparty\":null,\"value\":50,\"headroom\":0,\"since\":null,"
                + "\"limits\":[]}\n", json.out());
    }

    @Test
    void showSaysHowMuchOfAValueIsHeadroomThatARunningInstanceHolds() throws Exception {
        try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE held");
        }
        String url = CountersCommandsIT.url.replace("/postgres?", "/held?");
        try (PostgresCounterStore store = PostgresCounterStore.builder().url(url)
                .pseudonymKey(Files.readAllBytes(key)).headroom(5).build()) {
            dev.transferguard.Guard guard = dev.transferguard.Guard.builder()
                    .policies(dev.transferguard.policy.PolicyBundle.load(policies)).counters(store).build();
            assertTrue(guard.decide(dev.transferguard.Transfer.fromJson(export("held-1"))).allowed());
            Cli shown = Cli.run("counters", "show", "--counters", url, "--policies", policies.toString());
            assertEquals(0, shown.code(), shown::toString);
            assertEquals("bulk/people: 6 of 50 since " + TODAY.substring(0, 4) + "-01-01 (at most: 5 of it is "
                    + "headroom held by running instances)\n", shown.out());
        }
        Cli after = Cli.run("counters", "show", "--counters", url, "--policies", policies.toString());
        assertEquals("bulk/people: 1 of 50 since " + TODAY.substring(0, 4) + "-01-01\n", after.out(),
                "given back when the instance closed its store");
    }

    @Test
    void aStoreThatIsDownDeniesNamingItWithinTheTimeoutAndAMalformedUrlIsOneLine() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        Cli down = check("jdbc:postgresql://localhost:" + port + "/guard?user=u&password=secret", "anyone");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, down.code(), down::toString);
        assertTrue(down.out().startsWith("DENY"), down::toString);
        assertTrue(down.out().contains("counters/unavailable deny: the counter store could not count the transfer"),
                down::toString);
        assertTrue(down.out().contains("[PostgreSQL counter store at localhost:" + port + "/guard]"), down::toString);
        assertFalse(down.out().contains("secret"), down::toString);
        assertTrue(millis < 10_000, "answered in " + millis + " ms");

        Cli malformed = check("postgres://localhost/guard", "anyone");
        assertEquals(2, malformed.code(), malformed::toString);
        assertEquals(1, malformed.err().lines().count(), malformed::toString);
        assertTrue(malformed.err().contains("a counter store URL must start with jdbc:postgresql://"),
                malformed::toString);
    }

    @Test
    void aDatabaseWhoseSchemaIsNewerThanThisGuardIsBadInputInOneLine() throws Exception {
        String newerUrl = newDatabase("newer");
        assertEquals(0, check(newerUrl, "before").code());
        try (var c = java.sql.DriverManager.getConnection(newerUrl); var s = c.createStatement()) {
            s.execute("UPDATE transferguard_schema SET version = " + (PostgresCounterStore.SCHEMA_VERSION + 1));
        }
        for (Cli refused : List.of(check(newerUrl, "after"),
                Cli.run("counters", "show", "--counters", newerUrl, "--policies", policies.toString()))) {
            assertEquals(2, refused.code(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertTrue(refused.err().contains("schema version " + (PostgresCounterStore.SCHEMA_VERSION + 1)),
                    refused::toString);
            assertFalse(refused.out().contains("ALLOW"), refused::toString);
        }
    }

    @Test
    void anImportCountsEachAllowedRecordOnceHoweverOftenItRuns() throws Exception {
        String importUrl = newDatabase("imports");
        Path keys = dir.resolve("keys");
        assertEquals(0, Cli.run("keygen", "--name", "imports", "--out", keys.toString()).code());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 52; i++) {
            lines.append(export("logged-" + (i % 45))).append('\n');
        }
        Path input = Files.writeString(dir.resolve("logged.jsonl"), lines);
        Path log = dir.resolve("log");
        Cli logged = Cli.run("check", "--policies", policies.toString(), "--audit", log.toString(), "--key",
                keys.resolve("imports.key").toString(), "--pseudonym-key", key.toString(), input.toString());
        assertEquals(0, logged.code(), logged::toString);
        for (int run = 0; run < 2; run++) {
            Cli imported = Cli.run("counters", "import", "--counters", importUrl, "--log", log.toString(),
                    "--policies", policies.toString());
            assertEquals(0, imported.code(), imported::toString);
            assertEquals(log + ": 52 allowed decisions counted once\n", imported.out());
        }
        Cli shown = Cli.run("counters", "show", "--counters", importUrl, "--policies", policies.toString());
        assertEquals("bulk/people: 45 of 50 since " + TODAY.substring(0, 4) + "-01-01\n", shown.out());
        // The log's pseudonyms and a live instance's, under the same key, name one person alike.
        assertEquals(0, check(importUrl, "logged-3").code());
    }
}
