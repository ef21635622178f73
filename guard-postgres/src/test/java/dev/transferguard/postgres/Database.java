package dev.transferguard.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for one test class, from the binaries io.zonky.test ships in Maven artifacts: started
 * once per class, emptied between tests, stopped and started again on the same port and data for the restart
 * tests.
 */
final class Database implements AutoCloseable {

    static final byte[] KEY = "a pseudonym key shared by every instance".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Path data;
    private int port;
    private EmbeddedPostgres server;

    private Database(Path data) throws IOException {
        this.data = data;
        this.server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        this.port = server.getPort();
    }

    /** Starts a server whose data lives in {@code data}. */
    static Database start(Path data) throws IOException {
        return new Database(data);
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    /** A store on this server as a guard of one instance would build it. */
    PostgresCounterStore store() {
        return store(1000);
    }

    /** A store that reserves at most {@code headroom} people at a time (0: every decision asks the database). */
    PostgresCounterStore store(long headroom) {
        return PostgresCounterStore.builder().url(url()).pseudonymKey(KEY).timeout(java.time.Duration.ofSeconds(2))
                .headroom(headroom).build();
    }

    /** Drops every table, so that the next store starts from an empty database. */
    void empty() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS transferguard_schema, transferguard_subjects, transferguard_anonymous,"
                    + " transferguard_windows, transferguard_headroom CASCADE");
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    void stop() throws IOException {
        server.close();
        server = null;
    }

    /** Starts the server again, on the same port and data. */
    void restart() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
