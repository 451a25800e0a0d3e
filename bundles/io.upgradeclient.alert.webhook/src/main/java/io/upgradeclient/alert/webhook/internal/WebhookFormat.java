package io.upgradeclient.alert.webhook.internal;

/**
 * The payload shapes a webhook section can ask for ({@code format}).
 */
enum WebhookFormat {
    /** Slack incoming webhooks, and Mattermost and Rocket.Chat, which accept the same {@code {"text": …}}. */
    SLACK,
    /** Microsoft Teams incoming webhooks: a MessageCard. */
    TEAMS,
    /** Discord webhooks: {@code {"content": …}} of at most 2,000 characters, mentions disabled. */
    DISCORD,
    /** The report itself as JSON, schema {@code upgradeclient.report/1} (see the bundle's README). */
    GENERIC
}
