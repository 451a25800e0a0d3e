package io.upgradeclient.example.latest.internal;

import java.time.LocalDate;
import java.util.Comparator;

import io.upgradeclient.api.RemoteChange;

/**
 * One firmware of a product line, found in this run or queued by an earlier one.
 *
 * @param change the change
 * @param line its product line
 * @param name its file name's parts
 * @param published whether an earlier run queued it for publishing
 */
record Release(RemoteChange change, String line, VersionedName name, boolean published) {
    /**
     * Newest first: by version in natural order (a name with a version before one without), then by the date in the
     * name (one with a date before one without), then by modification time; the change's identity only makes the
     * order total.
     */
    static final Comparator<Release> NEWEST_FIRST = Comparator
            .comparing((Release release) -> !release.name().version().isEmpty())
            .thenComparing(release -> release.name().version(), NaturalOrder.INSTANCE)
            .thenComparing(release -> release.name().date(), Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder()))
            .thenComparing(release -> release.change().changedAt())
            .thenComparing(release -> release.change().identity())
            .reversed();

    /** @return how reasons name it: the version/date part as written, or the file and its modification time */
    String label() {
        return name.label().isEmpty() ? change.fileName() + " (modified " + change.changedAt() + ")" : name.label();
    }

    /** @return whether both are the same change (the same file at the same revision) */
    boolean isSameChange(Release other) {
        return change.identity().equals(other.change().identity());
    }
}
