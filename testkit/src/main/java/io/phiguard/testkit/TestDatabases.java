package io.phiguard.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, empty databases for integration tests, one per call, on the servers named by environment
 * variables (see {@code integration-tests/README.md}).
 *
 * <p>Where a server is found, in this order: the URL in its environment variable (used as given,
 * never probed further); the localhost default, if a short TCP connect answers; a Testcontainers
 * container, only when a Docker socket exists. A server that cannot be reached makes the calling
 * test skip (JUnit assumption), or fail when {@code PHIGUARD_IT_REQUIRE_DB=true}.
 */
public final class TestDatabases {
  /** The database and delegate driver a test runs against. */
  public enum Kind {
    /** PostgreSQL through pgjdbc. */
    POSTGRESQL,
    /** MariaDB Connector/J against the MariaDB server. */
    MARIADB,
    /** MySQL Connector/J against the MariaDB server (or {@code PHIGUARD_IT_MYSQL_URL}). */
    MYSQL,
    /** H2, in memory. */
    H2
  }

  static final String REQUIRE_DB = "PHIGUARD_IT_REQUIRE_DB";
  private static final String NAME_PREFIX = "phiguard_it_";
  private static final int PROBE_TIMEOUT_MS = 1_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Map<Kind, Server> SERVERS = new EnumMap<>(Kind.class);
  private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();

  static {
    // a test that forgot close() (or a killed run's JVM shutdown) still drops its database
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (TestDatabase db : OPEN) {
                    try {
                      db.close();
                    } catch (RuntimeException ignored) {
                      // best effort at shutdown
                    }
                  }
                },
                "phiguard-testkit-cleanup"));
  }

  private TestDatabases() {}

  /**
   * A fresh, empty database (or schema) named {@code phiguard_it_<random>} for this run. Close it
   * to drop it.
   */
  public static TestDatabase create(Kind kind) {
    String name = NAME_PREFIX + HexFormat.of().formatHex(randomBytes());
    if (kind == Kind.H2) {
      TestDatabase db =
          new TestDatabase(
              kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", credentials("sa", ""), null);
      OPEN.add(db);
      return db;
    }
    Server server = server(kind);
    try (Connection admin = DriverManager.getConnection(server.adminUrl, server.credentials());
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw unavailable(server.adminUrl, e);
    }
    String url = server.urlFor(name);
    TestDatabase db =
        new TestDatabase(kind, url, server.credentials(), () -> server.drop(name, kind));
    OPEN.add(db);
    return db;
  }

  static void forget(TestDatabase db) {
    OPEN.remove(db);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static boolean requireDb() {
    return "true".equalsIgnoreCase(System.getenv(REQUIRE_DB));
  }

  /** Skip, or (PHIGUARD_IT_REQUIRE_DB=true) fail, naming the URL tried. */
  static RuntimeException unavailable(String url, Exception cause) {
    String message =
        "database not available at "
            + url
            + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")")
            + "; set the PHIGUARD_IT_* variables, see integration-tests/README.md";
    if (requireDb()) {
      AssertionError error = new AssertionError(message + " [" + REQUIRE_DB + "=true]");
      if (cause != null) {
        error.initCause(cause);
      }
      throw error;
    }
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  static Properties credentials(String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password == null ? "" : password);
    return p;
  }

  private static synchronized Server server(Kind kind) {
    Server known = SERVERS.get(kind);
    if (known != null) {
      return known;
    }
    Server server =
        switch (kind) {
          case POSTGRESQL ->
              locate(
                  Family.POSTGRESQL,
                  env("PHIGUARD_IT_POSTGRES_URL"),
                  "jdbc:postgresql://127.0.0.1:5432/postgres",
                  envOr("PHIGUARD_IT_POSTGRES_USER", "postgres"),
                  envOr("PHIGUARD_IT_POSTGRES_PASSWORD", ""));
          case MARIADB -> mariadb();
          case MYSQL -> {
            String mysqlUrl = env("PHIGUARD_IT_MYSQL_URL");
            if (mysqlUrl != null) {
              yield locate(
                  Family.MYSQL,
                  mysqlUrl,
                  mysqlUrl,
                  envOr("PHIGUARD_IT_MYSQL_USER", "root"),
                  envOr("PHIGUARD_IT_MYSQL_PASSWORD", ""));
            }
            // MySQL Connector/J against the MariaDB server
            yield mariadb().asMysql();
          }
          case H2 -> throw new IllegalArgumentException("H2 needs no server");
        };
    SERVERS.put(kind, server);
    return server;
  }

  private static Server mariadb() {
    Server known = SERVERS.get(Kind.MARIADB);
    if (known != null) {
      return known;
    }
    Server server =
        locate(
            Family.MARIADB,
            env("PHIGUARD_IT_MARIADB_URL"),
            "jdbc:mariadb://127.0.0.1:3306/test",
            envOr("PHIGUARD_IT_MARIADB_USER", "root"),
            envOr("PHIGUARD_IT_MARIADB_PASSWORD", ""));
    SERVERS.put(Kind.MARIADB, server);
    return server;
  }

  /** Given URL as is; else the default if localhost answers; else Testcontainers if Docker. */
  private static Server locate(
      Family family, String given, String defaultUrl, String user, String password) {
    if (given != null) {
      return new Server(family, given, user, password);
    }
    if (answers(defaultUrl)) {
      return new Server(family, defaultUrl, user, password);
    }
    if (dockerAvailable()) {
      try {
        return Containers.start(family);
      } catch (RuntimeException | LinkageError e) {
        throw unavailable(defaultUrl + " or a Testcontainers container", new Exception(e));
      }
    }
    throw unavailable(defaultUrl, null);
  }

  private static boolean answers(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    int port = uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean dockerAvailable() {
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      return true;
    }
    String home = System.getProperty("user.home", "");
    return Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(home, ".docker", "run", "docker.sock"));
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  enum Family {
    POSTGRESQL,
    MARIADB,
    MYSQL
  }

  /** One database server and how to make a database URL on it. */
  record Server(Family family, String adminUrl, String user, String password) {
    Properties credentials() {
      return TestDatabases.credentials(user, password);
    }

    /** The same server through MySQL Connector/J. */
    Server asMysql() {
      URI uri = URI.create(adminUrl.substring("jdbc:".length()));
      String url =
          "jdbc:mysql://"
              + uri.getHost()
              + ":"
              + (uri.getPort() < 0 ? 3306 : uri.getPort())
              + uri.getPath();
      return new Server(Family.MYSQL, url, user, password);
    }

    /** {@code adminUrl} with its database replaced by {@code name}. */
    String urlFor(String name) {
      int hostStart = adminUrl.indexOf("//");
      int pathStart = adminUrl.indexOf('/', hostStart + 2);
      int query = adminUrl.indexOf('?', hostStart + 2);
      String base;
      String params;
      if (pathStart < 0 || (query >= 0 && query < pathStart)) {
        base = adminUrl.substring(0, query < 0 ? adminUrl.length() : query);
        params = query < 0 ? "" : adminUrl.substring(query + 1);
      } else {
        base = adminUrl.substring(0, pathStart);
        params = query < 0 ? "" : adminUrl.substring(query + 1);
      }
      if (family == Family.MYSQL) {
        params = addParam(params, "allowPublicKeyRetrieval", "true");
        params = addParam(params, "useSSL", "false");
      }
      return base + "/" + name + (params.isEmpty() ? "" : "?" + params);
    }

    private static String addParam(String params, String key, String value) {
      if (params.toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT) + "=")) {
        return params;
      }
      return (params.isEmpty() ? "" : params + "&") + key + "=" + value;
    }

    void drop(String name, Kind kind) {
      try (Connection admin = DriverManager.getConnection(adminUrl, credentials());
          Statement st = admin.createStatement()) {
        if (family == Family.POSTGRESQL) {
          // FORCE ends sessions a test left open (PostgreSQL 13+)
          st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
          st.execute("DROP DATABASE IF EXISTS " + name);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "could not drop " + kind + " database " + name + " at " + adminUrl, e);
      }
    }
  }
}
