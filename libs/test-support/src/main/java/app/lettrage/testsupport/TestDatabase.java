package app.lettrage.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database per test run: on the PostgreSQL named by DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (default the
 * local one), or, where none is reachable but Docker is, in a Testcontainers PostgreSQL.
 */
public final class TestDatabase implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;
    private final AutoCloseable container;

    private TestDatabase(String host, int port, String user, String password, String name, AutoCloseable container) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
        this.container = container;
    }

    public static TestDatabase create(String name) {
        String host = Repo.env("DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(Repo.env("DB_PORT", "5432"));
        String user = Repo.env("DB_USER", "postgres");
        String password = Repo.env("DB_PASSWORD", "");
        try {
            recreate(host, port, user, password, name);
            return new TestDatabase(host, port, user, password, name, null);
        } catch (SQLException local) {
            if (!dockerAvailable()) {
                throw new IllegalStateException(
                        "no PostgreSQL at " + host + ":" + port + " as " + user
                                + " (set DB_HOST/DB_PORT/DB_USER/DB_PASSWORD) and no Docker for Testcontainers: "
                                + local.getMessage(),
                        local);
            }
            var pg = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine")
                    .withDatabaseName(name)
                    .withUsername("lettrage")
                    .withPassword("lettrage");
            pg.start();
            return new TestDatabase(pg.getHost(), pg.getMappedPort(5432), "lettrage", "lettrage", name, pg::stop);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static void recreate(String host, int port, String user, String password, String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + name);
        }
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * Drops the databases {@code <prefix>_<pid>} whose process is gone (a test JVM killed before its stop), on the
     * local PostgreSQL; quietly does nothing where there is none.
     */
    public static void dropOrphans(String prefix) {
        String host = Repo.env("DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(Repo.env("DB_PORT", "5432"));
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres",
                        Repo.env("DB_USER", "postgres"),
                        Repo.env("DB_PASSWORD", ""));
                Statement s = c.createStatement()) {
            java.util.List<String> orphans = new java.util.ArrayList<>();
            try (var rs = s.executeQuery("SELECT datname FROM pg_database")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name.matches(java.util.regex.Pattern.quote(prefix) + "_\\d+")) {
                        long pid = Long.parseLong(name.substring(prefix.length() + 1));
                        if (ProcessHandle.of(pid).isEmpty()) {
                            orphans.add(name);
                        }
                    }
                }
            }
            for (String name : orphans) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // no local PostgreSQL: nothing to clean
        }
    }

    /** Drops this database (local PostgreSQL only; a container goes with its container). */
    public void drop() {
        if (container != null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: an orphan is dropped by the next run
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Quarkus configuration for the reactive client, Flyway's JDBC datasource and the credentials. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://" + host + ":" + port + "/" + name,
                "quarkus.datasource.jdbc.url",
                jdbcUrl(),
                "quarkus.datasource.username",
                user,
                "quarkus.datasource.password",
                password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (container != null) {
            try {
                container.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the database container", e);
            }
        }
    }
}
