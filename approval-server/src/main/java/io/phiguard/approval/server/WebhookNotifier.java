package io.phiguard.approval.server;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends each created or changed request to a webhook endpoint as a Standard Webhooks message
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}); retried by {@link
 * Delivery} under the same {@code webhook-id}, so receivers can drop duplicates.
 */
public final class WebhookNotifier implements ApprovalEvents {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI endpoint;
  private final StandardWebhooks signer;
  private final Delivery delivery;
  private final ApprovalSettings settings;
  private final Clock clock;

  /** Notifies {@code endpoint}, signing with {@code secret} ({@code whsec_…}). */
  public WebhookNotifier(
      URI endpoint, String secret, Delivery delivery, ApprovalSettings settings, Clock clock) {
    this.endpoint = endpoint;
    this.signer = StandardWebhooks.fromSecret(secret);
    this.delivery = delivery;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void created(ApprovalRequest request) {
    send("approval.requested", request);
  }

  @Override
  public void changed(ApprovalRequest request) {
    send("approval.updated", request);
  }

  private void send(String type, ApprovalRequest request) {
    String body = JsonBodies.write(WebhookEvents.event(type, request, settings, clock.instant()));
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String id = "msg_" + HexFormat.of().formatHex(random);
    delivery.post(
        endpoint,
        body,
        () -> {
          long now = clock.instant().getEpochSecond();
          Map<String, String> headers = new LinkedHashMap<>();
          headers.put("webhook-id", id);
          headers.put("webhook-timestamp", Long.toString(now));
          headers.put("webhook-signature", signer.sign(id, now, body));
          return headers;
        });
  }
}
