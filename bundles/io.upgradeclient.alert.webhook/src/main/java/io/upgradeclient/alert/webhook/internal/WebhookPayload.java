package io.upgradeclient.alert.webhook.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;

/**
 * The JSON body of one webhook request, in the section's {@link WebhookFormat}. Chat formats get a short text (at
 * most {@value #MAX_LINES} files and errors each, then a count), the generic format the whole report. File names and
 * messages come from remote sources: Slack's control characters ({@code & < >}) are escaped, Discord's mentions
 * are turned off, and JSON encoding takes care of the rest.
 */
final class WebhookPayload {
    /** The generic format's schema name; a change that breaks receivers gets a new number. */
    static final String SCHEMA = "upgradeclient.report/1";
    static final int MAX_LINES = 20;
    private static final int DISCORD_MAX = 2000;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private WebhookPayload() {
    }

    static String of(WebhookFormat format, String instance, Report report, AlertMedia media, String publicUrl) {
        JsonObject body = new JsonObject();
        switch (format) {
            case SLACK -> body.addProperty("text", slackEscape(title(instance, report)) + "\n" + slackEscape(details(report, publicUrl)));
            case TEAMS -> {
                body.addProperty("@type", "MessageCard");
                body.addProperty("@context", "https://schema.org/extensions");
                body.addProperty("summary", title(instance, report));
                body.addProperty("themeColor", color(report.kind()));
                body.addProperty("title", title(instance, report));
                body.addProperty("text", details(report, publicUrl).replace("\n", "\n\n"));
            }
            case DISCORD -> {
                String text = title(instance, report) + "\n" + details(report, publicUrl);
                body.addProperty("content", text.length() <= DISCORD_MAX ? text : text.substring(0, DISCORD_MAX - 1) + "…");
                JsonObject mentions = new JsonObject();
                mentions.add("parse", new JsonArray());
                body.add("allowed_mentions", mentions);
            }
            case GENERIC -> generic(body, instance, report, media, publicUrl);
        }
        return GSON.toJson(body);
    }

    static String title(String instance, Report report) {
        return "[" + oneLine(instance) + "] " + oneLine(report.check()) + ": " + describe(report.kind());
    }

    private static String details(Report report, String publicUrl) {
        StringBuilder text = new StringBuilder();
        text.append("Period: ").append(report.since()).append(" – ").append(report.until()).append(" (UTC)\n");
        lines(text, "Published firmware", report.published(), event -> event.fileName()
                + (event.lastRevision().isEmpty() ? "" : " (" + event.lastRevision() + ")"));
        lines(text, "Errors", report.errors(), event -> (event.fileName().isEmpty() ? "" : event.fileName() + ": ")
                + event.message() + (link(publicUrl, event).isEmpty() ? "" : " " + link(publicUrl, event)));
        text.append("Jobs pending: ").append(report.pendingJobs()).append(", failed: ").append(report.failedJobs());
        return text.toString();
    }

    private static void lines(StringBuilder text, String heading, List<Event> events, Function<Event, String> line) {
        text.append(heading).append(" (").append(events.size()).append(")\n");
        for (Event event : events.subList(0, Math.min(events.size(), MAX_LINES))) {
            text.append("• ").append(oneLine(line.apply(event))).append("\n");
        }
        if (events.size() > MAX_LINES) {
            text.append("… and ").append(events.size() - MAX_LINES).append(" more\n");
        }
    }

    private static void generic(JsonObject body, String instance, Report report, AlertMedia media, String publicUrl) {
        body.addProperty("schema", SCHEMA);
        body.addProperty("instance", instance);
        body.addProperty("kind", report.kind().name());
        body.addProperty("check", report.check());
        body.addProperty("since", report.since().toString());
        body.addProperty("until", report.until().toString());
        body.addProperty("title", title(instance, report));
        body.add("published", events(report.published(), publicUrl));
        body.add("errors", events(report.errors(), publicUrl));
        body.addProperty("pending_jobs", report.pendingJobs());
        body.addProperty("failed_jobs", report.failedJobs());
        JsonArray recipients = new JsonArray();
        media.to().forEach(recipients::add);
        body.add("recipients", recipients);
    }

    private static JsonArray events(List<Event> events, String publicUrl) {
        JsonArray array = new JsonArray();
        for (Event event : events) {
            JsonObject item = new JsonObject();
            item.addProperty("id", event.id());
            item.addProperty("level", event.level().name());
            item.addProperty("file_name", event.fileName());
            item.addProperty("file_url", event.fileUrl());
            item.addProperty("revision", event.lastRevision());
            Instant when = event.lastDate() != null ? event.lastDate() : event.createdTime();
            item.addProperty("time", when == null ? "" : when.toString());
            item.addProperty("message", event.message());
            item.addProperty("link", link(publicUrl, event));
            array.add(item);
        }
        return array;
    }

    private static String describe(ReportKind kind) {
        return switch (kind) {
            case SCHEDULED -> "report";
            case FAILING -> "FAILING";
            case STILL_FAILING -> "still failing";
            case RECOVERED -> "recovered";
            case STALE -> "stale, no successful check";
        };
    }

    private static String color(ReportKind kind) {
        return switch (kind) {
            case FAILING, STILL_FAILING -> "D13438";
            case STALE -> "FFB900";
            case RECOVERED -> "2EB67D";
            case SCHEDULED -> "0078D7";
        };
    }

    private static String link(String publicUrl, Event event) {
        return publicUrl.isEmpty() || event.id() <= 0 ? "" : publicUrl + "/firmware/" + event.id();
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
    }

    /** Slack reads {@code <…>} as links and mentions: a remote name must not make one. */
    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
