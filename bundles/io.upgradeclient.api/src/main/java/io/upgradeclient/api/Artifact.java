package io.upgradeclient.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one job produced in the staging area, ready to publish: a set of files below a root folder. Uploaders
 * copy exactly these files, keeping their relative layout.
 *
 * @param check the name of the check that produced it
 * @param root the staging folder the paths are relative to (the check's {@code target_cache})
 * @param files the files, relative to {@code root}; never absolute, never with {@code ..}
 * @param sources the downloaded files they were made from, with their checksums
 * @param note why there is nothing to publish, when {@code files} is empty (recorded in the history); else empty
 */
public record Artifact(String check, Path root, List<Path> files, List<DownloadedFile> sources, String note) {
    /**
     * @throws IllegalArgumentException if a path is absolute or climbs out of {@code root}
     */
    public Artifact {
        TargetRef.requireText(check, "check");
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        sources = List.copyOf(sources);
        Objects.requireNonNull(note, "note");
        for (Path file : files) {
            Path normal = file.normalize();
            if (file.isAbsolute() || normal.startsWith("..") || normal.toString().isEmpty()) {
                throw new IllegalArgumentException("artifact file must be relative to the staging root: " + file);
            }
        }
    }

    /**
     * @param check the check's name
     * @param root the staging folder
     * @param files the files to publish, relative to {@code root}
     * @param sources the downloaded files they were made from
     */
    public Artifact(String check, Path root, List<Path> files, List<DownloadedFile> sources) {
        this(check, root, files, sources, "");
    }

    /**
     * @param check the check's name
     * @param root the staging folder
     * @param sources the downloaded files looked at
     * @param reason why nothing is published, in words an operator understands
     * @return an artifact with no files
     */
    public static Artifact nothing(String check, Path root, List<DownloadedFile> sources, String reason) {
        return new Artifact(check, root, List.of(), sources, reason);
    }
}
