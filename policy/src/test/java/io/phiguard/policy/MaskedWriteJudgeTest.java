package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.phiguard.rewrite.Catalog;
import io.phiguard.rewrite.ColumnDef;
import io.phiguard.rewrite.Dialect;
import io.phiguard.rewrite.NameRules;
import io.phiguard.rewrite.SqlAnalyzer;
import io.phiguard.rewrite.TableDef;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code on-masked-write} and {@code filter} as the judge applies them. */
class MaskedWriteJudgeTest {

  private static final Catalog CATALOG =
      Catalog.builder(NameRules.of(Dialect.POSTGRESQL))
          .table(
              TableDef.builder("public", "patients")
                  .column("id", Types.INTEGER, "int4")
                  .column(new ColumnDef("mrn", Types.VARCHAR, "varchar", 20))
                  .column(new ColumnDef("ssn", Types.VARCHAR, "varchar", 11))
                  .column(new ColumnDef("ward", Types.VARCHAR, "varchar", 20))
                  .primaryKey(List.of("id"))
                  .build())
          .build();

  private static Verdict judge(String onWrite, String filter, String sql) throws Exception {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            protect:
              patients:
                ssn: {mask: "partial(0, 4)", on-masked-write: %s}
                mrn: {mask: redact, filter: %s}
            """
                .formatted(onWrite, filter),
            "t.yaml");
    Identity analyst = Identity.of("analyst").build();
    return new StatementJudge(policy)
        .judge(
            SqlAnalyzer.of(CATALOG, List.of("public")).analyze(sql),
            analyst,
            policy.maskSetFor(analyst),
            CATALOG);
  }

  @Test
  void refuseDeniesTheWriteNamingColumnAndOption() throws Exception {
    Verdict verdict = judge("refuse", "none", "UPDATE patients SET ssn = ? WHERE id = ?");

    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(verdict.rule()).isEqualTo("protect:patients.ssn");
    assertThat(verdict.reason()).contains("on-masked-write: refuse");
  }

  @Test
  void keepRewritesAuditsAndMapsTheRepeatedParameter() throws Exception {
    Verdict verdict = judge("keep", "none", "UPDATE patients SET ward = ?, ssn = ? WHERE id = ?");

    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.MASK);
    assertThat(verdict.rule()).isEqualTo("on-masked-write:keep(patients.ssn)");
    assertThat(verdict.sql()).contains("ssn = CASE WHEN ? IS NOT DISTINCT FROM");
    assertThat(verdict.parameters().positions(2)).containsExactly(2, 3);
    assertThat(verdict.parameters().positions(3)).containsExactly(4);
  }

  @Test
  void keepStillDeniesWhatItCannotRewriteExactly() throws Exception {
    Verdict verdict = judge("keep", "none", "UPDATE patients SET ssn = upper(ward)");

    assertThat(verdict.kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(verdict.reason()).contains("on-masked-write: keep");
  }

  @Test
  void equalityWithParameterIsSanctionedOnlyWhereTheOptionSaysSo() throws Exception {
    String sql = "SELECT ssn FROM patients p WHERE p.mrn = ?";

    assertThat(judge("refuse", "none", sql).kind()).isEqualTo(Verdict.Kind.DENY);
    Verdict allowed = judge("refuse", "equality-with-parameter", sql);
    assertThat(allowed.kind()).isEqualTo(Verdict.Kind.MASK);
    assertThat(allowed.sql()).contains("p.id = ANY(SELECT id FROM patients WHERE mrn = ?)");
    for (String oracle :
        List.of(
            "SELECT id FROM patients WHERE mrn LIKE ?",
            "SELECT id FROM patients WHERE NOT (mrn = ?)",
            "SELECT id FROM patients WHERE mrn = 'MRN-1'",
            "SELECT id FROM patients ORDER BY mrn")) {
      assertThat(judge("refuse", "equality-with-parameter", oracle).kind())
          .as(oracle)
          .isEqualTo(Verdict.Kind.DENY);
    }
  }
}
