package io.phiguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code phiguard-driver-*-all.jar} is what users drop into tools like DBeaver: it must
 * work on its own next to a database driver, and carry no class outside {@code io.phiguard} that
 * could clash with the tool's own libraries.
 */
class ShadedDriverJarIT {

  private static Path shadedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "driver", "target"))) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().matches("phiguard-driver-.*-all\\.jar"))
              .toList();
      assertThat(jars).as("the shaded driver jar is built before the integration tests").hasSize(1);
      return jars.get(0);
    }
  }

  @Test
  void everyClassIsRelocatedUnderIoPhiguard() throws IOException {
    try (JarFile jar = new JarFile(shadedJar().toFile())) {
      List<String> foreign =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".class") && !n.startsWith("io/phiguard/"))
              .toList();
      assertThat(foreign).isEmpty();
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("io.phiguard.driver.all");
      assertThat(jar.getEntry("META-INF/services/java.sql.Driver")).isNotNull();
    }
  }

  @Test
  void theShadedJarAloneConnectsThroughTheDelegate() throws Exception {
    URL h2 = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated =
        new URLClassLoader(
            new URL[] {shadedJar().toUri().toURL(), h2}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(isolated);
      Class<?> driverType = isolated.loadClass("io.phiguard.driver.PhiGuardDriver");
      Driver driver = (Driver) driverType.getDeclaredConstructor().newInstance();
      Properties properties = new Properties();
      properties.setProperty("phiguard.delegateDriver", "org.h2.Driver");
      properties.setProperty("phiguard.subject", "dbeaver-user");
      try (Connection connection = driver.connect("jdbc:phiguard:h2:mem:shaded", properties);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select 41 + 1")) {
        assertThat(connection.getClass().getName())
            .isEqualTo("io.phiguard.driver.jdbc.GuardedConnection");
        assertThat(connection.getClass().getClassLoader()).isSameAs(isolated);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      } finally {
        driverType.getMethod("deregister").invoke(null);
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
