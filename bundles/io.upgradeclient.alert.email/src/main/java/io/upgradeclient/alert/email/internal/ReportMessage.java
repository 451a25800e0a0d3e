package io.upgradeclient.alert.email.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.owasp.encoder.Encode;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;

/**
 * The subject, plain text and HTML of a report mail. Every value shown comes from the history, and file names and
 * messages there come from remote sources, so the HTML escapes every one of them
 * (OWASP encoder, the one the Web Console ships with).
 *
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body
 */
record ReportMessage(String subject, String text, String html) {

    /** A masked device id as written by the packager: 8 characters, XXXXX, then 11 more (24 in all). */
    private static final Pattern DEVICE_ID = Pattern.compile("\\b[0-9A-Za-z]{8}XXXXX[0-9A-Za-z]{11}\\b");

    static ReportMessage of(String instance, Report report, String publicUrl, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        String subject = "[" + oneLine(instance) + "] " + oneLine(report.check()) + ": " + describe(report.kind());
        String period = time.format(report.since()) + " – " + time.format(report.until()) + " (" + zone.getId() + ")";

        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        text.append(subject).append("\n").append("Period: ").append(period).append("\n");
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>").append(Encode.forHtml(subject)).append("</title></head><body>\n")
                .append("<h2>").append(Encode.forHtml(report.check())).append(": ").append(Encode.forHtml(describe(report.kind()))).append("</h2>\n")
                .append("<p>Period: ").append(Encode.forHtml(period)).append("</p>\n");

        section(text, html, "Published firmware", report.published(), "no firmware published",
                new String[] {"File", "Date", "Revision", "Device"},
                event -> new String[] {event.fileName(), date(event, time), event.lastRevision(), deviceId(event.message())}, null);
        section(text, html, "Errors", report.errors(), "no errors",
                new String[] {"Revision", "File", "Message"},
                event -> new String[] {event.lastRevision(), event.fileName(), event.message()}, event -> link(publicUrl, event));

        String jobs = "Jobs pending: " + report.pendingJobs() + ", failed: " + report.failedJobs();
        text.append("\n").append(jobs).append("\n");
        html.append("<p>").append(Encode.forHtml(jobs)).append("</p>\n</body></html>\n");
        return new ReportMessage(subject, text.toString(), html.toString());
    }

    private static String describe(ReportKind kind) {
        return switch (kind) {
            case SCHEDULED -> "daily report";
            case FAILING -> "failing";
            case STILL_FAILING -> "still failing";
            case RECOVERED -> "recovered";
            case STALE -> "stale, no successful check";
        };
    }

    private static void section(StringBuilder text, StringBuilder html, String title, List<Event> events, String none,
            String[] headings, Function<Event, String[]> columns, Function<Event, String> linkOf) {
        text.append("\n").append(title).append(" (").append(events.size()).append(")\n");
        html.append("<h3>").append(Encode.forHtml(title)).append(" (").append(events.size()).append(")</h3>\n");
        if (events.isEmpty()) {
            text.append("  ").append(none).append("\n");
            html.append("<p>").append(Encode.forHtml(none)).append("</p>\n");
            return;
        }
        html.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr>");
        for (String heading : headings) {
            html.append("<th>").append(Encode.forHtml(heading)).append("</th>");
        }
        if (linkOf != null) {
            html.append("<th>Details</th>");
        }
        html.append("</tr>\n");
        for (Event event : events) {
            String[] values = columns.apply(event);
            String link = linkOf == null ? "" : linkOf.apply(event);
            text.append("  -");
            html.append("<tr>");
            for (int i = 0; i < values.length; i++) {
                if (!values[i].isEmpty()) {
                    text.append(" ").append(headings[i]).append(": ").append(oneLine(values[i])).append(";");
                }
                html.append("<td>").append(Encode.forHtml(values[i])).append("</td>");
            }
            if (linkOf != null) {
                html.append("<td>").append(link.isEmpty() ? "" : "<a href=\"" + Encode.forHtml(link) + "\">" + event.id() + "</a>").append("</td>");
            }
            html.append("</tr>\n");
            text.append(link.isEmpty() ? "" : " " + link).append("\n");
        }
        html.append("</table>\n");
    }

    private static String date(Event event, DateTimeFormatter time) {
        Instant when = event.lastDate() != null ? event.lastDate() : event.createdTime();
        return time.format(when);
    }

    static String deviceId(String message) {
        Matcher matcher = DEVICE_ID.matcher(message);
        return matcher.find() ? matcher.group() : "";
    }

    private static String link(String publicUrl, Event event) {
        return publicUrl.isEmpty() || event.id() <= 0 ? "" : publicUrl + "/firmware/" + event.id();
    }

    /** Keeps a remote value from starting new lines in the plain text or the subject. */
    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
    }
}
