package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
  // the test vector of the Standard Webhooks reference libraries
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TS = 1614265330L;
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private final StandardWebhooks hooks = StandardWebhooks.fromSecret(SECRET);

  @Test
  void signsLikeTheReferenceImplementation() {
    assertThat(hooks.sign(ID, TS, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void verifiesAmongSeveralSignaturesWithinFiveMinutes() {
    Instant now = Instant.ofEpochSecond(TS + 299);
    assertThat(hooks.verify(ID, Long.toString(TS), "v1,bm90IGl0 " + SIGNATURE, BODY, now)).isNull();
  }

  @Test
  void refusesForgedAlteredAndStaleMessages() {
    Instant now = Instant.ofEpochSecond(TS);
    assertThat(hooks.verify(ID, Long.toString(TS), "v1,Zm9yZ2Vk", BODY, now)).contains("forged");
    assertThat(hooks.verify(ID, Long.toString(TS), SIGNATURE, "{\"test\": 1}", now))
        .contains("forged");
    assertThat(hooks.verify("msg_other", Long.toString(TS), SIGNATURE, BODY, now)).isNotNull();
    assertThat(hooks.verify(ID, Long.toString(TS), SIGNATURE, BODY, now.plusSeconds(301)))
        .contains("stale");
    assertThat(hooks.verify(ID, Long.toString(TS), SIGNATURE, BODY, now.minusSeconds(301)))
        .contains("stale");
    assertThat(hooks.verify(ID, null, SIGNATURE, BODY, now)).contains("required");
  }

  @Test
  void aSecretMustBeLongEnoughBase64() {
    assertThatThrownBy(() -> StandardWebhooks.fromSecret("whsec_c2hvcnQ="))
        .hasMessageContaining("24");
    assertThatThrownBy(() -> StandardWebhooks.fromSecret("whsec_***"))
        .hasMessageContaining("base64");
  }
}
