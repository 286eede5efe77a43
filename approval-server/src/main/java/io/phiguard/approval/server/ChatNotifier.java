package io.phiguard.approval.server;

import java.net.URI;
import java.util.Map;

/**
 * Announces new requests in Slack (Block Kit message with Approve/Deny buttons, to an incoming
 * webhook URL) and Microsoft Teams (Adaptive Card linking to the console, to a workflow webhook
 * URL). Either URL may be null.
 */
public final class ChatNotifier implements ApprovalEvents {
  private final URI slackWebhook;
  private final URI teamsWebhook;
  private final Delivery delivery;
  private final ApprovalSettings settings;

  /**
   * Posts to {@code slackWebhook} and {@code teamsWebhook} (each optional) through {@code
   * delivery}.
   */
  public ChatNotifier(
      URI slackWebhook, URI teamsWebhook, Delivery delivery, ApprovalSettings settings) {
    this.slackWebhook = slackWebhook;
    this.teamsWebhook = teamsWebhook;
    this.delivery = delivery;
    this.settings = settings;
  }

  @Override
  public void created(ApprovalRequest request) {
    if (slackWebhook != null) {
      delivery.post(slackWebhook, JsonBodies.write(SlackMessage.of(request, settings)), Map::of);
    }
    if (teamsWebhook != null) {
      delivery.post(teamsWebhook, JsonBodies.write(TeamsCard.message(request, settings)), Map::of);
    }
  }
}
