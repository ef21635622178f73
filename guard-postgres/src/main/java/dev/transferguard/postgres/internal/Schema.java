package dev.transferguard.postgres.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, created and migrated by the store itself. The version lives in the database; every step
 * from one version to the next runs in one transaction under an advisory lock, so that instances starting at once
 * migrate once. A database at a newer version than this code knows is refused: an older instance would write
 * rows the newer schema reads otherwise.
 */
public final class Schema {

    /** The version this code writes and reads. */
    public static final int VERSION = 2;

    /** Serialises creation and migration among every instance sharing the database. */
    private static final long MIGRATION_LOCK = 0x7467_5f73_6368_656dL;

    /** The statements that take the schema from version {@code i} to {@code i + 1}, at index {@code i}. */
    private static final List<List<String>> STEPS = List.of(List.of(
            "CREATE TABLE transferguard_subjects (counter text NOT NULL, party text NOT NULL, day integer NOT NULL,"
                    + " pid bytea NOT NULL, PRIMARY KEY (counter, party, pid, day))",
            "CREATE INDEX transferguard_subjects_window ON transferguard_subjects (counter, party, day)",
            "CREATE TABLE transferguard_anonymous (counter text NOT NULL, party text NOT NULL, day integer NOT NULL,"
                    + " source text NOT NULL, n bigint NOT NULL, PRIMARY KEY (counter, party, day, source))",
            "CREATE TABLE transferguard_windows (counter text NOT NULL, holder text NOT NULL,"
                    + " before_day integer NOT NULL, seen timestamptz NOT NULL, PRIMARY KEY (counter, holder))"),
            // 2: headroom, one row per instance, counter key and day: it may still add amount - spent people.
            List.of("CREATE TABLE transferguard_headroom (counter text NOT NULL, party text NOT NULL,"
                    + " day integer NOT NULL, holder text NOT NULL, from_day integer NOT NULL, amount bigint NOT NULL,"
                    + " spent bigint NOT NULL DEFAULT 0,"
                    + " ceiling bigint NOT NULL, expires timestamptz NOT NULL, recalled boolean NOT NULL DEFAULT false,"
                    + " PRIMARY KEY (counter, party, day, holder))"));

    private Schema() {
    }

    /** Why a database cannot be used: its schema is newer than this code. */
    public static final class TooNew extends Exception {
        private static final long serialVersionUID = 1L;

        TooNew(int found) {
            super("the database holds counter schema version " + found + ", newer than this guard-postgres knows ("
                    + VERSION + "): upgrade this instance to the version the others run, or give it another database");
        }
    }

    /**
     * Creates the tables, or migrates them to {@link #VERSION}, and commits.
     *
     * @param c a connection, in auto-commit mode or not; left with auto-commit off
     * @throws TooNew if the database's schema is newer
     */
    public static void ensure(Connection c) throws SQLException, TooNew {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS transferguard_schema (version integer NOT NULL)");
            int found = 0;
            try (ResultSet r = s.executeQuery("SELECT max(version) FROM transferguard_schema")) {
                if (r.next()) {
                    found = r.getInt(1);
                }
            }
            if (found > VERSION) {
                c.rollback();
                throw new TooNew(found);
            }
            for (int v = found; v < VERSION; v++) {
                for (String ddl : STEPS.get(v)) {
                    s.execute(ddl);
                }
            }
            if (found < VERSION) {
                s.execute("DELETE FROM transferguard_schema");
                s.execute("INSERT INTO transferguard_schema (version) VALUES (" + VERSION + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
