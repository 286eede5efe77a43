package io.phiguard.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcEscapesTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          POSTGRESQL | select {fn ucase(name)} from t             | select upper(name) from t
          MYSQL      | select {fn ucase(name)} from t             | select upper(name) from t
          POSTGRESQL | select {fn ifnull(a, b)}                   | select coalesce(a, b)
          H2         | select {fn ifnull(a, b)}                   | select ifnull(a, b)
          POSTGRESQL | select {fn ucase({fn lcase(x)})}           | select upper(lower(x))
          H2         | select * from t where d = {d '2024-01-31'} | select * from t where d = DATE '2024-01-31'
          H2         | select {t '10:11:12'}, {ts '2024-01-31 10:11:12'} | select TIME '10:11:12', TIMESTAMP '2024-01-31 10:11:12'
          MYSQL      | select * from {oj a left outer join b on a.id = b.id} | select * from a left outer join b on a.id = b.id
          POSTGRESQL | {call refresh_stats(?, ?)}                 | CALL refresh_stats(?, ?)
          POSTGRESQL | {call refresh_stats}                       | CALL refresh_stats()
          POSTGRESQL | { ? = call lookup(?) }                     | SELECT lookup(?)
          H2         | select * from t where a like 'x!%' {escape '!'} | select * from t where a like 'x!%' ESCAPE '!'
          H2         | select * from t {limit 10 offset 5}        | select * from t LIMIT 10 offset 5
          """)
  void expandsEscapes(Dialect dialect, String input, String expected) throws Exception {
    assertThat(JdbcEscapes.expand(input, dialect)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          POSTGRESQL | select '{fn ucase(x)}' from t
          POSTGRESQL | select "{d" from t
          POSTGRESQL | select $q${call x}$q$ from t
          POSTGRESQL | select 1 -- {call x}
          POSTGRESQL | select /* {fn x() */ 1
          MYSQL      | select `{call x}` from t
          MYSQL      | select 'it\\'s {fn x()}' from t
          POSTGRESQL | select '{"a": 1}'::jsonb
          """)
  void leavesQuotedAndCommentedBracesAlone(Dialect dialect, String input) throws Exception {
    assertThat(JdbcEscapes.expand(input, dialect)).isEqualTo(input);
  }

  @Test
  void returnsTheSameStringWhenThereIsNoBrace() throws Exception {
    String sql = "select 1";
    assertThat(JdbcEscapes.expand(sql, Dialect.H2)).isSameAs(sql);
  }

  @Test
  void refusesAnUnterminatedEscapeWithoutEchoingTheStatement() {
    assertThatThrownBy(
            () -> JdbcEscapes.expand("select {fn ucase('123-45-6789')", Dialect.POSTGRESQL))
        .isInstanceOf(MalformedEscapeException.class)
        .hasMessageContaining("unterminated")
        .hasMessageNotContaining("123-45-6789");
  }
}
