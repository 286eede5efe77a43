package io.phiguard.it.audit;

import io.phiguard.audit.AuditJournal;
import io.phiguard.audit.AuditRecord;
import io.phiguard.audit.AuditRecordCodec;
import io.phiguard.audit.AuditVerifier;
import io.phiguard.audit.CheckpointKeys;
import io.phiguard.audit.JdbcSink;
import io.phiguard.audit.RecordKind;
import io.phiguard.audit.VerificationResult;
import io.phiguard.testkit.TestDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reading back what an audit trail wrote: journal lines, store rows, and their verification. */
final class AuditFiles {
  private AuditFiles() {}

  /**
   * A PostgreSQL store URL for {@code db}, credentials in the URL (the policy has no other way).
   */
  static String storeUrl(TestDatabase db, String hostAndPort) {
    String url = db.jdbcUrl();
    if (hostAndPort != null) {
      url = url.replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
    }
    String user = db.credentials().getProperty("user");
    String password = db.credentials().getProperty("password", "");
    return url
        + (url.contains("?") ? "&" : "?")
        + "user="
        + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
  }

  /** The complete lines of a journal (a torn last line is left out). */
  static List<String> lines(Path journal) throws IOException {
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (!text.isEmpty() && !text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  static List<AuditRecord> records(List<String> lines) {
    return lines.stream().map(AuditRecordCodec::parse).toList();
  }

  static long count(List<AuditRecord> records, RecordKind kind) {
    return records.stream().filter(r -> r.kind() == kind).count();
  }

  /** The public half of the checkpoint key the driver keeps beside the journal. */
  static PublicKey checkpointKey(Path journal) throws IOException {
    return CheckpointKeys.readKeyPair(journal.resolveSibling(journal.getFileName() + ".key"))
        .getPublic();
  }

  static VerificationResult verifyJournal(Path journal) throws IOException {
    return new AuditVerifier(checkpointKey(journal)).verifyJournal(journal);
  }

  /** Verifies the store's chain of the journal's writer against the journal's checkpoints. */
  static VerificationResult verifyStore(Connection store, Path journal) throws Exception {
    List<AuditRecord> anchors =
        records(lines(AuditJournal.checkpointFileOf(journal))).stream()
            .filter(r -> r.kind() == RecordKind.CHECKPOINT)
            .toList();
    String writer = records(lines(journal)).get(0).writerId();
    List<String> stored = storedLines(store, writer);
    return new AuditVerifier(checkpointKey(journal))
        .verifyChain(writer, stored.iterator(), anchors);
  }

  static List<String> storedLines(Connection store, String writer) throws SQLException {
    return JdbcSink.readChain(store, JdbcSink.DEFAULT_TABLE, writer);
  }
}
