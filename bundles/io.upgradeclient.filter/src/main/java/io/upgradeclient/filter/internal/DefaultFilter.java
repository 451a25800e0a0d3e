package io.upgradeclient.filter.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;

/**
 * The original service's rules, as the {@code default} filter: keeps release notes (a file named exactly
 * {@code ReleaseNote} outside the {@code Special} and {@code OEM} file types) and firmware (a name with a dot,
 * eight digits and later {@code .bin}, not an {@code upall_}, {@code burnfile_} or {@code partition_} image).
 *
 * <p>Every firmware that matches the name rule is kept, even without a release note in the same run: one run
 * sees one window of commits, and a release note is often committed before its firmware. Pairing a firmware with
 * its release note is the packager's job, which fetches the note from the firmware's folder. The reason tells the
 * operator whether this run also saw the release note above the firmware.
 */
@Component(name = "io.upgradeclient.filter.default", property = PluginKind.TYPE_PROPERTY + "=default")
public final class DefaultFilter implements Filter {
    static final String RELEASE_NOTE = "ReleaseNote";

    /** Case-sensitive on purpose: the original compared exactly these spellings. */
    private static final Set<String> EXCLUDED_NOTE_TYPES = Set.of("Special", "OEM");

    private static final Pattern FIRMWARE = Pattern.compile("\\.\\d{8}.*\\.bin");

    private static final List<String> EXCLUDED_PREFIXES = List.of("upall_", "burnfile_", "partition_");

    @Override
    public List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) {
        List<URI> noteFolders = new ArrayList<>();
        for (RemoteChange change : changes) {
            if (isPublishedReleaseNote(change)) {
                noteFolders.add(Folders.parent(change.url()));
            }
        }
        List<FilterDecision> decisions = new ArrayList<>(changes.size());
        for (RemoteChange change : changes) {
            decisions.add(decide(change, noteFolders));
        }
        return decisions;
    }

    private static FilterDecision decide(RemoteChange change, List<URI> noteFolders) {
        String name = change.fileName();
        if (name.equals(RELEASE_NOTE)) {
            if (EXCLUDED_NOTE_TYPES.contains(change.fileType())) {
                return FilterDecision.reject(change, "release note in file type '" + change.fileType()
                        + "': release notes of Special and OEM are not published");
            }
            return FilterDecision.accept(change, "release note");
        }
        if (!FIRMWARE.matcher(name).find()) {
            return FilterDecision.reject(change, "neither a ReleaseNote nor a firmware (a name with '.' + 8 digits and later '.bin')");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : EXCLUDED_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return FilterDecision.reject(change, "firmware image starting with '" + prefix + "' is never published");
            }
        }
        boolean noteSeen = noteFolders.stream().anyMatch(folder -> Folders.isWithin(change.url(), folder));
        return FilterDecision.accept(change, noteSeen
                ? "firmware; its ReleaseNote is in this run"
                : "firmware; its ReleaseNote is not in this run and is looked up when it is packaged");
    }

    private static boolean isPublishedReleaseNote(RemoteChange change) {
        return change.fileName().equals(RELEASE_NOTE) && !EXCLUDED_NOTE_TYPES.contains(change.fileType());
    }
}
