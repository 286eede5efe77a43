package io.phiguard.it.golden;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic patients whose PHI values are distinctive canaries: if one of them (or its digits-only
 * form) shows up in the output of a masked query, the mask leaked. One patient has NULLs (a mask
 * must keep NULL), one has values short enough to hit the "fill everything" branches.
 */
final class Canaries {

  /** One seeded patient; null fields are SQL NULL. */
  record Patient(
      int id,
      String mrn,
      String fullName,
      String ssn,
      String email,
      Date dob,
      String zip,
      String notes) {}

  /** What the database holds. */
  static final List<Patient> PATIENTS =
      List.of(
          new Patient(
              1,
              "MRN-000101",
              "Avery Canary",
              "900-11-0001",
              "avery.canary@example.org",
              Date.valueOf("1961-02-03"),
              "94110",
              "Seen for headaches; callback 415-555-0101"),
          new Patient(
              2,
              "MRN-000202",
              "Blake Sentinel",
              "900-22-0002",
              "blake.sentinel@example.net",
              Date.valueOf("1972-03-14"),
              "10027",
              "Follow-up in spring"),
          new Patient(
              3,
              "MRN-000303",
              "Casey Tripwire",
              "900-33-0003",
              "casey.tripwire@example.com",
              Date.valueOf("1985-11-29"),
              "60614",
              null),
          new Patient(4, null, null, null, null, null, null, null),
          new Patient(
              5,
              "MRN-000505",
              "Emery Shortvalue",
              "8642",
              "emery.shortvalue.at.example.org",
              Date.valueOf("1999-07-18"),
              "947",
              "Short values patient"));

  /**
   * The same patients with other values of the same shape (NULL stays NULL): an output column that
   * changes when the data changes from {@link #PATIENTS} to these depends on masked columns.
   */
  static final List<Patient> PERTURBED =
      List.of(
          new Patient(
              1,
              "MRN-000101",
              "Quinn Decoy",
              "811-48-7362",
              "quinn.decoy@example.com",
              Date.valueOf("1950-08-21"),
              "38291",
              "Seen for headaches; callback 415-555-0101"),
          new Patient(
              2,
              "MRN-000202",
              "Rowan Lure",
              "822-57-3946",
              "rowan.lure@example.edu",
              Date.valueOf("1990-12-30"),
              "71852",
              "Follow-up in spring"),
          new Patient(
              3,
              "MRN-000303",
              "Sasha Bait",
              "833-66-5184",
              "sasha.bait@example.info",
              Date.valueOf("2001-05-09"),
              "25473",
              null),
          new Patient(4, null, null, null, null, null, null, null),
          new Patient(
              5,
              "MRN-000505",
              "Tatum Feint",
              "3175",
              "tatum.feint.at.example.net",
              Date.valueOf("2004-10-12"),
              "582",
              "Short values patient"));

  /** Columns masked in SQL by the golden cases' reference policy. */
  static final List<String> SQL_MASKED = List.of("full_name", "ssn", "email", "dob", "zip");

  /** Columns masked after the query (hash, detect): raw in SQL output by design. */
  static final List<String> POST_PROCESSED = List.of("mrn", "notes");

  private Canaries() {}

  /**
   * Every raw PHI value of the seeded patients, lower-cased, plus the digits-only form of SSNs,
   * dates and ZIP codes: none may appear in a masked output column.
   */
  static List<String> needles() {
    List<String> needles = new ArrayList<>();
    for (Patient p : PATIENTS) {
      add(needles, p.fullName());
      add(needles, p.ssn());
      add(needles, p.email());
      add(needles, p.dob() == null ? null : p.dob().toString());
      add(needles, p.zip());
      add(needles, p.mrn());
      add(needles, p.notes());
      addDigits(needles, p.ssn());
      addDigits(needles, p.dob() == null ? null : p.dob().toString());
    }
    return needles;
  }

  /** Needles found in {@code value} (case-insensitively; also in its digits-only form). */
  static List<String> found(String value) {
    List<String> hits = new ArrayList<>();
    if (value == null) {
      return hits;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    String digits = digits(value);
    for (String needle : needles()) {
      boolean numeric = needle.chars().allMatch(Character::isDigit);
      if (lower.contains(needle) || (numeric && needle.length() >= 6 && digits.contains(needle))) {
        hits.add(needle);
      }
    }
    return hits;
  }

  private static void add(List<String> needles, String value) {
    if (value != null && !needles.contains(value.toLowerCase(Locale.ROOT))) {
      needles.add(value.toLowerCase(Locale.ROOT));
    }
  }

  private static void addDigits(List<String> needles, String value) {
    if (value != null) {
      add(needles, digits(value));
    }
  }

  static String digits(String value) {
    StringBuilder sb = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
