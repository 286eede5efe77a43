package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementJudgeFunctionNamesTest {

  @Test
  void aQualifiedOrQuotedBuiltInIsTheSameBuiltIn() {
    assertThat(StatementJudge.unqualified("pg_catalog.query_to_xml")).isEqualTo("query_to_xml");
    assertThat(StatementJudge.unqualified("\"pg_catalog\".\"QUERY_TO_XML\""))
        .isEqualTo("query_to_xml");
    assertThat(StatementJudge.unqualified("`db`.`load_file`")).isEqualTo("load_file");
    assertThat(StatementJudge.unqualified("CSVWRITE")).isEqualTo("csvwrite");
  }
}
