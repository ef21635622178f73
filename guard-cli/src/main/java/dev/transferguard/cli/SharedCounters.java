package dev.transferguard.cli;

import dev.transferguard.GuardException;
import dev.transferguard.Transfer;
import dev.transferguard.counters.CounterStoreException;
import dev.transferguard.postgres.PostgresCounterStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/** The {@code --counters URL} options: volume counters shared in PostgreSQL instead of counted in this process. */
final class SharedCounters {

    @Option(names = "--counters", paramLabel = "URL", description = "Count in the PostgreSQL database at URL "
            + "(jdbc:postgresql://HOST:PORT/DB?user=U&password=P), shared with every other instance, instead of in "
            + "this process.")
    String url;

    @Option(names = "--counters-timeout", paramLabel = "MS", defaultValue = "2000", description = "With --counters: "
            + "how long to wait for the database before denying, in milliseconds (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--counters-headroom", paramLabel = "N", defaultValue = "1000", description = "With --counters: "
            + "the most people one reservation of headroom covers, decided without asking the database; 0 makes "
            + "every counting decision ask it (default: ${DEFAULT-VALUE}).")
    long headroom;

    /**
     * Opens the store; a database that cannot be reached now is not an error (its decisions are denied).
     *
     * @param pseudonymKey the file keying subject-id pseudonyms, or {@code null}
     * @throws IllegalArgumentException if the URL is malformed (exit 2, one line)
     * @throws GuardException           if the database's schema is newer than this command knows
     */
    PostgresCounterStore open(Path pseudonymKey) {
        if (timeoutMillis <= 0) {
            throw new GuardException("--counters-timeout must be positive, was " + timeoutMillis);
        }
        if (headroom < 0) {
            throw new GuardException("--counters-headroom must be at least 0, was " + headroom);
        }
        PostgresCounterStore.Builder b = PostgresCounterStore.builder().url(url)
                .timeout(Duration.ofMillis(timeoutMillis)).headroom(headroom);
        if (pseudonymKey != null) {
            b.pseudonymKey(AuditFiles.secret(pseudonymKey));
        }
        try {
            return b.build();
        } catch (CounterStoreException e) {
            throw new GuardException(e.store() + ": " + e.getMessage());
        }
    }

    /**
     * The names an import of these transfers counts them under: the digest of their JSON and each one's place,
     * so that the same history imported again adds nothing and another history adds its own.
     */
    static List<String> historyNames(List<Transfer> history) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Transfer t : history) {
                sha.update(t.toJson().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            String name = "history:" + HexFormat.of().formatHex(sha.digest()) + "#";
            return IntStream.range(0, history.size()).mapToObj(i -> name + i).toList();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
