package io.upgradeclient.example.latest.internal;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

/**
 * A check's settings for the {@code latest} filter, from its options: {@value #KEEP} (how many of the newest
 * firmware of each product line to keep) and {@value #KEY} (a regular expression with a named group
 * {@code product} that names a file's product line instead of the built-in rule). Two rules are equal when they
 * would sort the same files into the same lines and keep as many of each.
 */
final class LatestRule {
    /** Option: how many of the newest firmware of a product line are kept. */
    static final String KEEP = "latest_keep";
    /** Option: a regular expression whose group {@code product} names the product line. */
    static final String KEY = "latest_key";
    /** Files starting with this are release notes: they pass through untouched. */
    static final String RELEASE_NOTE = "ReleaseNote";

    private static final int DEFAULT_KEEP = 1;

    private final int keep;
    private final String keySource;
    private final Pattern key;
    private final URI base;

    private LatestRule(int keep, String keySource, Pattern key, URI base) {
        this.keep = keep;
        this.keySource = keySource;
        this.key = key;
        this.base = base;
    }

    /**
     * @param check the check whose options to read
     * @return its rule
     * @throws PermanentException when {@value #KEEP} is not a whole number of 1 or more, or {@value #KEY} is not a
     *         regular expression with a group named {@code product}; the message names the check and the option
     */
    static LatestRule of(CheckDefinition check) throws PermanentException {
        String keepText = check.options().getOrDefault(KEEP, "").strip();
        int keep = DEFAULT_KEEP;
        if (!keepText.isEmpty()) {
            try {
                keep = Integer.parseInt(keepText);
            } catch (NumberFormatException e) {
                keep = 0;
            }
            if (keep < 1) {
                throw new PermanentException(where(check, KEEP) + ": expected a whole number of 1 or more, was '" + keepText + "'");
            }
        }
        String keySource = check.options().getOrDefault(KEY, "").strip();
        Pattern key = null;
        if (!keySource.isEmpty()) {
            try {
                key = Pattern.compile(keySource);
            } catch (PatternSyntaxException e) {
                throw new PermanentException(where(check, KEY) + ": not a regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
            if (!keySource.contains("(?<product>")) {
                throw new PermanentException(where(check, KEY) + ": needs a named group (?<product>…) that names the product line");
            }
        }
        return new LatestRule(keep, keySource, key, check.baseUrl());
    }

    private static String where(CheckDefinition check, String option) {
        return "check '" + check.name() + "': option." + option;
    }

    /** @return how many of the newest firmware of each product line are kept */
    int keep() {
        return keep;
    }

    /** @return whether the change is a release note, which this filter never rejects */
    static boolean passesThrough(RemoteChange change) {
        return change.fileName().startsWith(RELEASE_NOTE);
    }

    /**
     * @param change a firmware change (not a release note)
     * @param published whether an earlier run queued it
     * @return it as a release of its product line
     */
    Release release(RemoteChange change, boolean published) {
        VersionedName name = VersionedName.of(change.fileName());
        String path = pathBelowBase(change.url());
        if (key != null) {
            Matcher matcher = key.matcher(path);
            if (matcher.find() && matcher.group("product") != null) {
                return new Release(change, matcher.group("product"), name, published);
            }
        }
        int slash = path.lastIndexOf('/');
        return new Release(change, path.substring(0, slash + 1) + name.product(), name, published);
    }

    /** @return the decoded path below the check's base URL, or the whole decoded path when the file is not below it */
    private String pathBelowBase(URI url) {
        URI relative = base.relativize(url);
        String path = relative.isAbsolute() ? url.getPath() : relative.getPath();
        return path == null ? "" : path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatestRule rule && keep == rule.keep && keySource.equals(rule.keySource) && base.equals(rule.base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keep, keySource, base);
    }
}
