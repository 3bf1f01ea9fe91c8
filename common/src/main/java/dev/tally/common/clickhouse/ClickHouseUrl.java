package dev.tally.common.clickhouse;

import com.clickhouse.jdbc.DataSourceImpl;
import com.clickhouse.jdbc.Driver;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where Tally's ClickHouse is, as users write it: {@code http://host:port[/database]}, with optional
 * {@code user:password@} in the URL or from {@code CLICKHOUSE_USER} / {@code CLICKHOUSE_PASSWORD}.
 * Every Tally component takes one of these and gets its JDBC connections from it, so the driver
 * options live in one place.
 *
 * <p>{@link #toString()} never shows the password; the record's components are not meant for logs.
 *
 * @param scheme   {@code http} or {@code https}
 * @param host     host name or address
 * @param port     HTTP(S) port of ClickHouse
 * @param database default database of connections ({@value #DEFAULT_DATABASE} unless the URL names one)
 * @param user     ClickHouse user ({@value #DEFAULT_USER} unless given)
 * @param password password, empty when none
 */
public record ClickHouseUrl(String scheme, String host, int port, String database, String user, String password)
        implements java.io.Serializable {

    public static final String DEFAULT_DATABASE = "tally";
    public static final String DEFAULT_USER = "default";
    public static final String USER_ENV = "CLICKHOUSE_USER";
    public static final String PASSWORD_ENV = "CLICKHOUSE_PASSWORD";

    // Plain identifiers only: the name goes into SQL (CREATE DATABASE, USE) without quoting games.
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Options every Tally connection uses. {@code compress=false}: ClickHouse's LZ4 block framing
     * of responses (and of requests, {@code decompress}) saves little on the local network Tally
     * talks over, and the local endpoint does not implement it. {@code client_name} tags Tally's
     * queries in the server's query log.
     */
    static final String JDBC_OPTIONS = "compress=false&decompress=false&client_name=tally";

    public ClickHouseUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("ClickHouse URL scheme must be http or https, not " + scheme);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("ClickHouse URL needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("ClickHouse port must be between 1 and 65535, not " + port);
        }
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("ClickHouse database name must be letters, digits and _ "
                    + "(not starting with a digit), not '" + database + "'");
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("ClickHouse user must not be blank");
        }
    }

    /** Parses a URL, taking credentials missing from it from the process environment. */
    public static ClickHouseUrl parse(String url) {
        return parse(url, System.getenv());
    }

    /**
     * Parses {@code http[s]://[user[:password]@]host[:port][/database]}. The port defaults to 8123
     * (http) or 8443 (https), the database to {@value #DEFAULT_DATABASE}; user and password come
     * from the URL, else from {@code env} ({@value #USER_ENV}, {@value #PASSWORD_ENV}), else
     * {@value #DEFAULT_USER} without a password.
     */
    public static ClickHouseUrl parse(String url, Map<String, String> env) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // not chained: URISyntaxException's message repeats the whole input, password included
            throw new IllegalArgumentException("not a ClickHouse URL (expected http://host:port[/database]): "
                    + redact(url) + " (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not a ClickHouse URL (expected http://host:port[/database]): "
                    + redact(url));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("ClickHouse URL takes no query or fragment (Tally sets the driver "
                    + "options itself): " + redact(url));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 8443 : 8123;
        return new ClickHouseUrl(scheme, uri.getHost(), port, databaseOf(uri, url),
                userOf(uri, env), passwordOf(uri, env));
    }

    private static String databaseOf(URI uri, String url) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (trimmed.isEmpty()) {
            return DEFAULT_DATABASE;
        }
        if (trimmed.contains("/")) {
            throw new IllegalArgumentException("ClickHouse URL path must be at most one database name: " + redact(url));
        }
        return trimmed;
    }

    private static String userOf(URI uri, Map<String, String> env) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        }
        String fromEnv = env.get(USER_ENV);
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_USER : fromEnv;
    }

    private static String passwordOf(URI uri, Map<String, String> env) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            return colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String fromEnv = env.get(PASSWORD_ENV);
        return fromEnv == null ? "" : fromEnv;
    }

    private static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Removes the password from a URL a user typed, so error messages can show the rest. */
    private static String redact(String url) {
        // up to the last @: a password may hold / or @ (unencoded) and must still not show
        return url.replaceAll("(//[^/@:]*):.*@", "$1:***@");
    }

    /** The same server with another default database. */
    public ClickHouseUrl withDatabase(String otherDatabase) {
        return new ClickHouseUrl(scheme, host, port, otherDatabase, user, password);
    }

    /** The server's plain HTTP address, {@code http://host:port}, without credentials or database. */
    public String httpUrl() {
        return scheme + "://" + hostForUrl() + ":" + port;
    }

    /** The clickhouse-jdbc URL; credentials are not in it but in {@link #jdbcProperties()}. */
    public String jdbcUrl() {
        return "jdbc:clickhouse:" + httpUrl() + "/" + database + "?" + JDBC_OPTIONS;
    }

    /** Driver properties carrying the credentials. */
    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    /**
     * Opens a connection with the ClickHouse driver directly (not through {@code DriverManager}, which
     * does not see drivers loaded by Flink's user-code class loader).
     */
    public Connection open() throws SQLException {
        Connection connection = new Driver().connect(jdbcUrl(), jdbcProperties());
        if (connection == null) {
            throw new SQLException("clickhouse-jdbc did not accept " + jdbcUrl());
        }
        return connection;
    }

    /**
     * Checks that a ClickHouse server answers {@code GET /ping} here, within {@code timeout}. The
     * driver connects lazily and reports a refused connection as a bare "query request failed";
     * this says what is wrong and where, before any work starts.
     */
    public void ping(java.time.Duration timeout) throws SQLException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpUrl() + "/ping"))
                .timeout(timeout).GET().build();
        try {
            java.net.http.HttpResponse<String> response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SQLException("the server at " + httpUrl() + " answered /ping with HTTP " + response.statusCode()
                        + ": is this ClickHouse's HTTP port?");
            }
        } catch (java.io.IOException e) {
            String cause = e instanceof java.net.ConnectException ? "connection refused"
                    : e instanceof java.net.http.HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new SQLException("nothing answers as ClickHouse at " + httpUrl() + " (" + cause
                    + "): start it (./tally up for the local one) or pass the right URL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while checking " + httpUrl(), e);
        }
    }

    /** A {@link DataSource} over the same URL and credentials. */
    public DataSource dataSource() {
        return new DataSourceImpl(jdbcUrl(), jdbcProperties());
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code http://user@host:port/database}: never the password. */
    @Override
    public String toString() {
        return scheme + "://" + user + "@" + hostForUrl() + ":" + port + "/" + database;
    }
}
