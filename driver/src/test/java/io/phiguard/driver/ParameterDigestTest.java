package io.phiguard.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ParameterDigestTest {

  private static String digestOf(Object... values) {
    ParameterDigest digest = new ParameterDigest();
    for (int i = 0; i < values.length; i++) {
      digest.bind(i + 1, ParameterDigest.encode("setObject", values[i]));
    }
    return digest.digest();
  }

  @Test
  void theSameValuesGiveTheSameDigestAndOtherValuesAnother() {
    assertThat(digestOf(1, "a")).isEqualTo(digestOf(1, "a")).matches("[0-9a-f]{64}");
    assertThat(digestOf(1, "a")).isNotEqualTo(digestOf(1, "b"));
    assertThat(digestOf(1, "a")).isNotEqualTo(digestOf("a", 1));
    // the type is part of the value: 1 and "1" differ
    assertThat(digestOf(1)).isNotEqualTo(digestOf("1"));
    assertThat(digestOf()).isEqualTo(ParameterDigest.none());
  }

  @Test
  void boundariesBetweenParametersCannotBeShifted() {
    ParameterDigest a = new ParameterDigest();
    a.bind(1, "ab");
    a.bind(2, "c");
    ParameterDigest b = new ParameterDigest();
    b.bind(1, "a");
    b.bind(2, "bc");
    assertThat(a.digest()).isNotEqualTo(b.digest());
  }

  @Test
  void rebindingAndClearingFollowTheStatement() {
    ParameterDigest d = new ParameterDigest();
    d.bind(1, ParameterDigest.encode("setInt", 1));
    String one = d.digest();
    d.bind(1, ParameterDigest.encode("setInt", 2));
    assertThat(d.digest()).isNotEqualTo(one);
    d.bind(1, ParameterDigest.encode("setInt", 1));
    assertThat(d.digest()).isEqualTo(one);
    d.clear();
    assertThat(d.digest()).isEqualTo(ParameterDigest.none());
  }

  @Test
  void streamsNeverRepeatAndNothingShowsTheValues() {
    byte[] bytes = {1, 2, 3};
    String first = digestOf(new ByteArrayInputStream(bytes));
    assertThat(digestOf(new ByteArrayInputStream(bytes))).isNotEqualTo(first);
    ParameterDigest d = new ParameterDigest();
    d.bind(1, ParameterDigest.encode("setString", "900-11-0001"));
    assertThat(d.toString()).doesNotContain("900");
    assertThat(d.digest()).doesNotContain("900-11");
  }
}
