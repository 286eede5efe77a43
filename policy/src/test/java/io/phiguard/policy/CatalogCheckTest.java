package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCheckTest {

  private static final List<CatalogTable> H2 =
      List.of(
          new CatalogTable("PUBLIC", "PATIENTS", List.of("ID", "SSN", "DOB", "NOTES")),
          new CatalogTable("PUBLIC", "ENCOUNTERS", List.of("ID", "DIAGNOSIS")));

  @Test
  void unknownTablesAndColumnsAreReportedAtTheirLines() throws PolicyException {
    Policy policy =
        PolicyLoader.parse(
            """
            version: 1
            protect:
              patients:
                ssn: redact
                dbo: year
              patinets:
                ssn: redact
              encounters: { diagnosis: redact }
            """,
            "c.yaml");

    List<PolicyException> problems = CatalogCheck.problems(policy, H2);

    assertThat(problems)
        .extracting(Throwable::getMessage)
        .containsExactly(
            "c.yaml:5:5: protected column 'dbo' is not a column of table 'patients'. Did you mean"
                + " 'DOB'? Columns: ID, SSN, DOB, NOTES",
            "c.yaml:6:3: protected table 'patinets' is not in the database. Did you mean"
                + " 'PATIENTS'? Check the name and schema; names in double quotes must match"
                + " exactly");
  }

  @Test
  void quotedNamesMustMatchExactly() throws PolicyException {
    Policy policy =
        PolicyLoader.parse("version: 1\nprotect:\n  '\"patients\"': { ssn: redact }\n", "c.yaml");

    assertThat(CatalogCheck.problems(policy, H2)).hasSize(1);
    assertThat(
            CatalogCheck.problems(
                policy, List.of(new CatalogTable("public", "patients", List.of("ssn")))))
        .isEmpty();
  }
}
