package io.upgradeclient.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.ds.PGSimpleDataSource;

import io.upgradeclient.api.Secrets;

/**
 * Where the shared PostgreSQL database is and how to log in ({@code store.url}, {@code store.user},
 * {@code store.password_file} or {@code store.password}, {@code store.pool_size}). New connections time out
 * rather than hang when the server is unreachable, and carry the node's name, which {@code pg_stat_activity} shows.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user the user name
 * @param password the password; never logged
 * @param poolSize the most connections this node opens
 * @param node this node's name
 */
public record PostgresqlConnections(String url, String user, String password, int poolSize, String node) {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Longer than any statement of ours; a statement waiting on a dead server fails rather than hangs. */
    private static final int SOCKET_TIMEOUT_SECONDS = 300;

    /**
     * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL or the pool has no room
     */
    public PostgresqlConnections {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.url must start with jdbc:postgresql:, was '" + url + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("store.pool_size must be at least 1, was " + poolSize);
        }
    }

    /**
     * @param home the distribution folder against which a relative password file is resolved, or {@code null}
     * @param settings the store's settings
     * @param node this node's name
     * @return the connection settings
     * @throws IOException if the password file cannot be read
     */
    static PostgresqlConnections of(String home, StoreSettings settings, String node) throws IOException {
        String password = settings.store_password();
        if (!settings.store_password__file().isBlank()) {
            Path file = Path.of(settings.store_password__file());
            if (!file.isAbsolute() && home != null) {
                file = Path.of(home).resolve(file);
            }
            password = password(file);
        }
        return new PostgresqlConnections(settings.store_url(), settings.store_user(), password, settings.store_pool__size(),
                node);
    }

    /**
     * @param file a password file: its first line is the password
     * @return the password
     * @throws IOException if it cannot be read
     */
    static String password(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing();
    }

    /**
     * @param other another node's name
     * @return the same database, for that node
     */
    public PostgresqlConnections withNode(String other) {
        return new PostgresqlConnections(url, user, password, poolSize, other);
    }

    /**
     * @return a new connection in auto-commit mode, storing text with U+0000 through {@link NulSafeText}
     * @throws SQLException if the server cannot be reached or refuses the login
     */
    Connection open() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        source.setTcpKeepAlive(true);
        source.setApplicationName("upgradeclient " + node);
        return NulSafeText.wrap(source.getConnection());
    }

    @Override
    public String toString() {
        return "PostgresqlConnections[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : Secrets.MASK)
                + ", poolSize=" + poolSize + ", node=" + node + "]";
    }
}
