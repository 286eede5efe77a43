package io.phiguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phiguard.policy.detect.PhiDetectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectSectionTest {
  private static final String BASE = "version: 1\nprotect:\n  patients:\n    notes: detect\n";

  @Test
  void withoutDetectTheDefaultMrnPatternApplies() throws Exception {
    Policy policy = PolicyLoader.parse(BASE, "p.yaml");
    assertThat(policy.mrnPatterns()).containsExactly(PhiDetectors.DEFAULT_MRN_PATTERN);
    assertThat(policy.detectors().redact("MRN 0012345")).isEqualTo("[MRN]");
  }

  @Test
  void policyMrnPatternsReplaceTheDefaultAndChangeTheFingerprint() throws Exception {
    Policy custom = PolicyLoader.parse(BASE + "detect:\n  mrn: ['\\bH\\d{7}\\b']\n", "p.yaml");
    assertThat(custom.mrnPatterns()).containsExactly("\\bH\\d{7}\\b");
    assertThat(custom.detectors().redact("chart H1234567")).isEqualTo("chart [MRN]");
    Policy plain = PolicyLoader.parse(BASE, "p.yaml");
    Policy explicitDefault =
        PolicyLoader.parse(
            BASE + "detect:\n  mrn: ['" + PhiDetectors.DEFAULT_MRN_PATTERN + "']\n", "p.yaml");
    assertThat(custom.policyVersion()).isNotEqualTo(plain.policyVersion());
    assertThat(explicitDefault.policyVersion()).isEqualTo(plain.policyVersion());
  }

  @Test
  void badPatternsAreRefusedWithTheirLine() {
    for (String bad : List.of("mrn: ['MRN(']", "mrn: ['\\d*']", "mrn: []", "mnr: ['x']")) {
      assertThatThrownBy(() -> PolicyLoader.parse(BASE + "detect:\n  " + bad + "\n", "p.yaml"))
          .as(bad)
          .isInstanceOf(PolicyException.class)
          .hasMessageStartingWith("p.yaml:6:");
    }
  }
}
