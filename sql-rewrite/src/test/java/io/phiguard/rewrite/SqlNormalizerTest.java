package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlNormalizerTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          POSTGRESQL | SELECT * FROM patients WHERE ssn = '900-11-0001'  | SELECT * FROM patients WHERE ssn = ?
          POSTGRESQL | select a1, t2.b from t2 where x in (1, 2.5, -3e+4) | select a1, t2.b from t2 where x in (?, ?, -?)
          POSTGRESQL | select E'it\\'s', $$Avery$$, $q$x$q$, $1       | select ?, ?, ?, $1
          POSTGRESQL | select 'a' /* Avery Canary */ -- 900-11-0001     | select ?
          POSTGRESQL | select "Col 1" from "T"                         | select "Col 1" from "T"
          MYSQL      | select * from t where name = "Avery" # note      | select * from t where name = ?
          MYSQL      | select `x1` from t where b = X'0A' and c = 'a\\'b' | select `x1` from t where b = ? and c = ?
          H2         | INSERT INTO p VALUES (1, 'Avery',   DATE '1961-02-03') | INSERT INTO p VALUES (?, ?, DATE ?)
          """)
  void replacesLiteralsAndComments(Dialect dialect, String sql, String expected) {
    assertThat(SqlNormalizer.normalize(sql, dialect).sql()).isEqualTo(expected);
  }

  @Test
  void literalVariantsShareAFingerprint() {
    String a = SqlNormalizer.normalize("select * from p where id = 1", Dialect.H2).fingerprint();
    String b = SqlNormalizer.normalize("select *  from p where id = 42", Dialect.H2).fingerprint();
    String c = SqlNormalizer.normalize("select * from p where id = ?", Dialect.H2).fingerprint();
    String d = SqlNormalizer.normalize("select * from q where id = 1", Dialect.H2).fingerprint();
    assertThat(a).isEqualTo(b).isEqualTo(c).hasSize(64).isNotEqualTo(d);
  }

  @Test
  void anUnterminatedLiteralSwallowsTheRest() {
    assertThat(SqlNormalizer.normalize("select 'Avery Canary", Dialect.POSTGRESQL).sql())
        .isEqualTo("select ?");
  }
}
