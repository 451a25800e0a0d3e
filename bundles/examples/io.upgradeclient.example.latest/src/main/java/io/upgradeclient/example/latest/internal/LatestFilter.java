package io.upgradeclient.example.latest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;

/**
 * Filter {@code latest}: keeps, per product line, only the newest firmware among the changes of a run and what the
 * check published before. Newest by the version and date in the file name (natural order, the date breaking ties),
 * then by modification time. The product line is the file name without its version/date part, in its folder, unless
 * the check's {@code latest_key} names it. Release notes pass through untouched.
 *
 * <p>Thread-safe: the filter holds no per-call state; what each check published is kept by {@link PublishedReleases}.
 */
@Component(name = LatestFilter.NAME, service = Filter.class, property = PluginKind.TYPE_PROPERTY + "=" + LatestFilter.TYPE)
public final class LatestFilter implements Filter {
    /** The component name. */
    public static final String NAME = "io.upgradeclient.example.latest";
    /** The type checks name in {@code check_filter}. */
    public static final String TYPE = "latest";

    private final PublishedReleases published;

    /**
     * @param jobs the job queue, where the filter learns what each check published before
     */
    @Activate
    public LatestFilter(@Reference JobQueue jobs) {
        this.published = new PublishedReleases(jobs);
    }

    @Override
    public List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) throws PermanentException {
        LatestRule rule = LatestRule.of(check);
        Map<String, List<Release>> before = published.newest(check.name(), rule);
        List<Release> releases = new ArrayList<>(changes.size());
        Map<String, List<Release>> found = new LinkedHashMap<>();
        for (RemoteChange change : changes) {
            Release release = LatestRule.passesThrough(change) ? null : rule.release(change, false);
            releases.add(release);
            if (release != null) {
                found.computeIfAbsent(release.line(), line -> new ArrayList<>()).add(release);
            }
        }
        Map<String, List<Release>> ranked = new LinkedHashMap<>();
        found.forEach((line, ofLine) -> ranked.put(line, rank(before.getOrDefault(line, List.of()), ofLine)));

        List<FilterDecision> decisions = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Release release = releases.get(i);
            decisions.add(release == null ? FilterDecision.accept(changes.get(i), "release note: not judged by version")
                    : decide(release, ranked.get(release.line()), rule.keep()));
        }
        return decisions;
    }

    /** @return the line's releases published before and found now, each change once, newest first */
    private static List<Release> rank(List<Release> before, List<Release> found) {
        List<Release> all = new ArrayList<>(before);
        for (Release release : found) {
            if (all.stream().noneMatch(release::isSameChange)) {
                all.add(release);
            }
        }
        all.sort(Release.NEWEST_FIRST);
        return all;
    }

    private static FilterDecision decide(Release release, List<Release> ranked, int keep) {
        List<Release> kept = ranked.subList(0, Math.min(keep, ranked.size()));
        String among = keep == 1 ? "the newest" : "among the " + keep + " newest";
        if (kept.stream().anyMatch(release::isSameChange)) {
            return FilterDecision.accept(release.change(), release.label() + " is " + among + " of " + release.line());
        }
        Release last = kept.get(kept.size() - 1);
        String reason = "older than " + last.label() + (last.published() ? " already published" : " found in the same run");
        return FilterDecision.reject(release.change(), keep == 1 ? reason : reason + " (keeping the " + keep + " newest of " + release.line() + ")");
    }
}
