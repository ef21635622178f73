package dev.transferguard.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import org.postgresql.Driver;

/** PostgreSQL JDBC URLs and failures, as messages name them: where, never a password. */
public final class JdbcUrls {

    private static final String PREFIX = "jdbc:postgresql://";

    private JdbcUrls() {
    }

    /**
     * Checks a JDBC URL.
     *
     * @return the URL
     * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL with a host and a database; the message
     *                                  does not repeat the URL, which may hold a password
     */
    public static String check(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a counter store URL must start with " + PREFIX
                    + " (jdbc:postgresql://HOST:PORT/DB?user=U&password=P)");
        }
        Properties p = Driver.parseURL(url, null);
        if (p == null || p.getProperty("PGDBNAME", "").isEmpty() || p.getProperty("PGHOST", "").isEmpty()) {
            throw new IllegalArgumentException("a counter store URL must name a host and a database: "
                    + "jdbc:postgresql://HOST:PORT/DB?user=U&password=P");
        }
        return url;
    }

    /** {@return {@code host:port/database} of a checked URL} */
    public static String location(String url) {
        Properties p = Driver.parseURL(url, null);
        return p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT", "5432") + "/" + p.getProperty("PGDBNAME");
    }

    /** A failure in one line: what PostgreSQL or the pool said, or that the timeout ran out. */
    public static String reason(SQLException e, int timeoutMillis) {
        if (e instanceof SQLTransientConnectionException) {
            return "no connection within " + timeoutMillis + " ms";
        }
        if ("57014".equals(e.getSQLState()) || "55P03".equals(e.getSQLState())) {
            return "no answer within " + timeoutMillis + " ms";
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
