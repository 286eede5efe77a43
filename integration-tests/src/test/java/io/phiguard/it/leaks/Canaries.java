package io.phiguard.it.leaks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Synthetic patients whose PHI values are distinctive canaries, and every derived form of them the
 * leak suite looks for in what a masked identity gets back: the value, its digits, its reversal,
 * hex and base64 of its UTF-8 bytes, and its MD5 / SHA-1 / SHA-256 hex digests. The search is case
 * insensitive, so {@code upper(full_name)} or upper-case hex are found too.
 */
final class Canaries {

  /** One seeded patient; the PHI columns are canaries, {@code ward} is not protected. */
  record Patient(
      int id,
      String mrn,
      String fullName,
      String ssn,
      String email,
      String dob,
      String zip,
      String ward) {

    /** The protected values, as stored. */
    List<String> phi() {
      return List.of(mrn, fullName, ssn, email, dob, zip);
    }

    /** A row literal for {@code INSERT INTO patients VALUES …}. */
    String values() {
      return "("
          + id
          + ", '"
          + mrn
          + "', '"
          + fullName
          + "', '"
          + ssn
          + "', '"
          + email
          + "', DATE '"
          + dob
          + "', '"
          + zip
          + "', '"
          + ward
          + "')";
    }
  }

  static final Patient ZEBULON =
      new Patient(
          1,
          "MRN-58213947",
          "Zebulon Quixotic",
          "912-73-4865",
          "zq.canary7731@example.org",
          "1937-08-19",
          "60657",
          "east");

  static final Patient OTTOLINE =
      new Patient(
          2,
          "MRN-67120398",
          "Ottoline Vantablack",
          "923-48-1576",
          "ovanta.canary4402@example.net",
          "1948-11-27",
          "83714",
          "west");

  /** Seeded only where a child relation can hold it (PostgreSQL inheritance). */
  static final Patient PHILIPPA =
      new Patient(
          4,
          "MRN-76031284",
          "Philippa Xanthoulis",
          "934-59-2687",
          "px.canary9183@example.com",
          "1959-04-13",
          "97219",
          "south");

  static final List<Patient> ALL = List.of(ZEBULON, OTTOLINE, PHILIPPA);

  /** needle (lower case) → what it is, for messages that never print the value itself. */
  private static final Map<String, String> NEEDLES = needles();

  private Canaries() {}

  private static Map<String, String> needles() {
    Map<String, String> needles = new LinkedHashMap<>();
    for (Patient patient : ALL) {
      String who = "patient " + patient.id();
      for (String value : patient.phi()) {
        addForms(needles, value, who);
      }
      // parts a partial leak would show: given and family name, local part of the e-mail
      for (String part : patient.fullName().split(" ")) {
        needles.put(part.toLowerCase(Locale.ROOT), who + " name part");
      }
      String local = patient.email().substring(0, patient.email().indexOf('@'));
      addForms(needles, local, who + " e-mail local part");
      // the date as digits or without its day
      needles.put(patient.dob().substring(0, 7), who + " dob year-month");
    }
    return needles;
  }

  private static void addForms(Map<String, String> needles, String value, String who) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    needles.put(value.toLowerCase(Locale.ROOT), who + " value");
    String digits = value.replaceAll("[^0-9]", "");
    if (digits.length() >= 5 && !digits.equals(value)) {
      needles.put(digits, who + " digits");
    }
    needles.put(
        new StringBuilder(value).reverse().toString().toLowerCase(Locale.ROOT), who + " reversed");
    needles.put(HexFormat.of().formatHex(utf8), who + " hex");
    String base64 = Base64.getEncoder().encodeToString(utf8);
    needles.put(base64.replace("=", "").toLowerCase(Locale.ROOT), who + " base64");
    for (String algorithm : List.of("MD5", "SHA-1", "SHA-256")) {
      needles.put(HexFormat.of().formatHex(digest(algorithm, utf8)), who + " " + algorithm);
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first canary form found in {@code text}, described without the value (e.g. "patient 1
   * SHA-256"); empty when none.
   */
  static Optional<String> find(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    String haystack = text.toLowerCase(Locale.ROOT);
    // base64 of the bytes is case-sensitive; compare it as is too
    for (Map.Entry<String, String> needle : NEEDLES.entrySet()) {
      if (haystack.contains(needle.getKey())) {
        return Optional.of(needle.getValue());
      }
    }
    return Optional.empty();
  }

  /** Every needle, for the self-test that the scanner finds what it should. */
  static List<String> needlesForSelfTest() {
    return new ArrayList<>(NEEDLES.keySet());
  }
}
