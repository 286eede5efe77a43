package io.phiguard.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhiDetectorsTest {
  private static final PhiDetectors DETECTORS = PhiDetectors.defaults();

  private static String redact(String text) {
    return DETECTORS.redact(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ssn 123-45-6789 on file|ssn [SSN] on file",
        "ssn 123 45 6789 on file|ssn [SSN] on file",
        "SSN: 123456789.|SSN: [SSN].",
        "social security number 123456789|social security number [SSN]",
        "call 212-555-0143 today|call [PHONE] today",
        "call (212) 555-0143|call [PHONE]",
        "call +1 212.555.0143|call [PHONE]",
        "call 1-800-555-0199|call [PHONE]",
        "mail avery.canary@example.org now|mail [EMAIL] now",
        "seen 2024-03-05 and 2024-03-05T10:15:00Z|seen [DATE] and [DATE]",
        "born 3/4/1961, seen 12-31-99|born [DATE], seen [DATE]",
        "born March 4, 1961 and 4th Mar 1961|born [DATE] and [DATE]",
        "chart MRN: 00123456 reviewed|chart [MRN] reviewed",
        "chart MRN-000101|chart [MRN]",
        "npi 1234567893 signed|npi [NPI] signed",
        "card 4111 1111 1111 1111 declined|card [CARD] declined",
        "card 4111-1111-1111-1111|card [CARD]",
        "card 378282246310005|card [CARD]",
        "from 192.168.10.254.|from [IP].",
        "from 2001:db8::8a2e:370:7334 and ::1|from [IP] and [IP]",
        "from fe80:0:0:0:200:f8ff:fe21:67cf|from [IP]",
        "see https://portal.example.org/p?id=7, then|see [URL], then",
        "see www.example.org/x|see [URL]",
      })
  void detectsAndReplaces(String text, String expected) {
    assertThat(redact(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // SSA rules: area 000, 666, 900-999; group 00; serial 0000
        "000-12-3456",
        "666-12-3456",
        "900-12-3456",
        "123-00-4567",
        "123-45-0000",
        // nine bare digits without saying they are an SSN
        "order 123456789",
        // part of a longer number
        "123-45-6789-1",
        // Luhn fails
        "card 4111 1111 1111 1112",
        "npi 1234567890",
        // NANP: area and exchange do not start with 0 or 1
        "call 112-555-0143",
        "call 212-155-0143",
        // versions and dotted numbers are not addresses
        "version 1.2.3",
        "v1.2.3.4",
        "release 1.2.3.4.5",
        "octets 256.1.1.1",
        // times are not IPv6
        "at 12:30:45",
        "std::vector",
        // impossible dates
        "2024-13-01",
        "2024-02-32",
        "13/45/2020",
        "Mayor 4, 1961",
        // plain words, no scheme
        "example.org",
        "user at example",
        "MRN pending",
        "MRN 123",
      })
  void leavesNonPhiAlone(String text) {
    assertThat(DETECTORS.find(text)).isEmpty();
    assertThat(redact(text)).isEqualTo(text);
  }

  @Test
  void theLongerOfOverlappingSpansWins() {
    List<Span> spans = DETECTORS.find("card 4111 1111 1111 1111");
    assertThat(spans).extracting(Span::type).containsExactly(PhiType.CARD);
    assertThat(redact("MRN 1234567893")).isEqualTo("[MRN]");
  }

  @Test
  void nullStaysNullAndTextWithoutPhiIsUnchanged() {
    assertThat(redact(null)).isNull();
    assertThat(redact("stable, afebrile")).isEqualTo("stable, afebrile");
  }

  @Test
  void policyMrnPatternsReplaceTheDefault() {
    PhiDetectors custom = PhiDetectors.withMrnPatterns(List.of("\\bH\\d{7}\\b"));
    assertThat(custom.redact("chart H1234567 and MRN 00123456"))
        .isEqualTo("chart [MRN] and MRN 00123456");
  }

  @Test
  void mrnPatternsThatDoNotCompileOrMatchNothingAreRefused() {
    assertThatThrownBy(() -> PhiDetectors.compileMrn("MRN(")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> PhiDetectors.compileMrn("\\d*")).hasMessageContaining("empty text");
  }

  @Test
  void aBacktrackingPolicyPatternWithholdsTheWholeValue() {
    PhiDetectors custom = PhiDetectors.withMrnPatterns(List.of("(.*a){20}b"));
    String text = "SSN 123-45-6789 " + "a".repeat(200);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> assertThat(custom.redact(text)).isEqualTo("[REDACTED]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1-", "a@", "1.", "http://", "a@b.c", "Jan 1 ", "a:"})
  void oneMegabyteAdversarialInputsScanInLinearTime(String unit) {
    String text = unit.repeat(1_048_576 / unit.length());
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          String out = DETECTORS.redact(text);
          // linear patterns finish within budget: the value is scanned, not withheld
          assertThat(out).isNotEqualTo(PhiDetectors.UNSCANNED);
        });
  }

  @Test
  void checksums() {
    assertThat(Checksums.luhn("79927398713")).isTrue();
    assertThat(Checksums.luhn("79927398710")).isFalse();
    assertThat(Checksums.npi("1234567893")).isTrue();
    assertThat(Checksums.npi("3234567893")).isFalse();
    assertThat(Checksums.ssn(123, 45, 6789)).isTrue();
    assertThat(Checksums.ssn(0, 45, 6789)).isFalse();
  }
}
