package dev.transferguard.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A URL that is not a PostgreSQL JDBC URL is refused in one line that never repeats a password. */
class JdbcUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "postgres://h/db", "jdbc:mysql://h/db?password=hunter2", "jdbc:postgresql://",
            "jdbc:postgresql://h:notaport/db?password=hunter2", "jdbc:postgresql:db?password=hunter2"})
    void aMalformedUrlIsOneLineWithoutThePassword(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresCounterStore.builder().url(url));
        assertTrue(e.getMessage().startsWith("a counter store URL must "), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theStoreIsNamedByHostPortAndDatabaseOnly() {
        try (PostgresCounterStore store = PostgresCounterStore.builder()
                .url("jdbc:postgresql://127.0.0.1:1/guard?user=u&password=hunter2").timeout(Duration.ofMillis(300))
                .build()) {
            assertEquals("PostgreSQL counter store at 127.0.0.1:1/guard", store.name());
        }
    }

    @Test
    void aStoreNeedsADatabaseAndAPositiveTimeout() {
        assertThrows(IllegalStateException.class, () -> PostgresCounterStore.builder().build());
        assertThrows(IllegalArgumentException.class, () -> PostgresCounterStore.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> PostgresCounterStore.builder().pseudonymKey(new byte[4]));
    }
}
