package io.phiguard.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.List;

/**
 * The token of a connection: given once ({@code phiguard.token}) or read from a file ({@code
 * phiguard.tokenFile}) that is read again whenever it changes, so a rotated service-account token
 * (Kubernetes projected volumes, Vault agent) takes effect on the next statement without
 * reconnecting. {@link #toString()} never shows the token.
 */
abstract sealed class ConnectionToken {
  private ConnectionToken() {}

  static ConnectionToken of(String token) {
    return new Fixed(token.strip());
  }

  static ConnectionToken file(Path path) {
    return new FromFile(path.toAbsolutePath().normalize());
  }

  /**
   * The token in effect now.
   *
   * @throws SQLException {@code 28000} when the token file cannot be read or is empty
   */
  abstract String current() throws SQLException;

  private static final class Fixed extends ConnectionToken {
    private final String token;

    Fixed(String token) {
      this.token = token;
    }

    @Override
    String current() {
      return token;
    }

    @Override
    public String toString() {
      return "token";
    }
  }

  private static final class FromFile extends ConnectionToken {
    private final Path path;
    private volatile Read last;

    private record Read(Object stamp, String token) {}

    FromFile(Path path) {
      this.path = path;
    }

    @Override
    String current() throws SQLException {
      try {
        // one stat per statement: the token is re-read only when the file changed (time, size,
        // or inode: an atomic rename or a symlink swap replaces the file)
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        Object stamp =
            List.of(
                attributes.lastModifiedTime(),
                attributes.size(),
                String.valueOf(attributes.fileKey()));
        Read read = last;
        if (read != null && read.stamp().equals(stamp)) {
          return read.token();
        }
        if (attributes.size() > 64 * 1024) {
          throw TokenVerifier.refused("the file phiguard.tokenFile names is too large for a token");
        }
        String token = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
          throw TokenVerifier.refused("the file phiguard.tokenFile names (" + path + ") is empty");
        }
        last = new Read(stamp, token);
        return token;
      } catch (IOException e) {
        throw TokenVerifier.refused(
            "cannot read phiguard.tokenFile " + path + " (" + e.getClass().getSimpleName() + ")");
      }
    }

    @Override
    public String toString() {
      return "tokenFile " + path;
    }
  }
}
