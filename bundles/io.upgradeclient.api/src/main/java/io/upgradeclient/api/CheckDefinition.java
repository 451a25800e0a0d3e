package io.upgradeclient.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured check (one seed {@code check/<name>.json} file): where to look, how often, what to keep and
 * where to publish it. Immutable; {@link #toString()} never shows secrets.
 *
 * @param name the check's key, unique; recorded as {@code dao_name} in the history
 * @param sourceType the type of the {@link Checker} that reads this source ({@code svn} when the file names none)
 * @param baseUrl the folder to watch ({@code base_url})
 * @param credentials the source's {@code auth_user} / {@code auth_pass}
 * @param proxyHost an HTTP proxy {@code host[:port]} for the source, or empty for none
 * @param lookBack how far back the first check looks ({@code revision_seconds})
 * @param interval the time between two checks ({@code summarize_interval}); positive
 * @param filters the types of the {@link Filter}s applied in order ({@code check_filter})
 * @param uploads the targets every accepted change is published to ({@code upload[]})
 * @param alertCron when reports are sent ({@code alert.crontab}), or empty for never
 * @param alertMedias who receives the reports ({@code alert.medias[]})
 * @param targetCache the sub-folder of the staging area this check writes to ({@code target_cache})
 * @param options further plugin-specific settings, by key; secrets are masked by {@link #toString()}
 */
public record CheckDefinition(
        String name,
        String sourceType,
        URI baseUrl,
        Credentials credentials,
        String proxyHost,
        Duration lookBack,
        Duration interval,
        List<String> filters,
        List<TargetRef> uploads,
        String alertCron,
        List<AlertMedia> alertMedias,
        String targetCache,
        Map<String, String> options) {

    /**
     * @throws IllegalArgumentException if the name or source type is blank, or a duration is not positive
     */
    public CheckDefinition {
        TargetRef.requireText(name, "name");
        TargetRef.requireText(sourceType, "sourceType");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(proxyHost, "proxyHost");
        requirePositive(lookBack, "lookBack");
        requirePositive(interval, "interval");
        filters = List.copyOf(filters);
        uploads = List.copyOf(uploads);
        Objects.requireNonNull(alertCron, "alertCron");
        alertMedias = List.copyOf(alertMedias);
        Objects.requireNonNull(targetCache, "targetCache");
        options = Map.copyOf(options);
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return "CheckDefinition[name=" + name + ", sourceType=" + sourceType + ", baseUrl=" + baseUrl
                + ", credentials=" + credentials + ", interval=" + interval + ", filters=" + filters
                + ", uploads=" + uploads + ", options=" + Secrets.masked(options) + "]";
    }
}
