package io.upgradeclient.upload.dir.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.upgradeclient.api.PermanentException;

/**
 * Which check owns each path published into a target folder, so that two checks writing the same file name
 * into the same folder is an error and not a silent overwrite. The owner is a small marker file,
 * {@code <home>/var/upload-owners/<SHA-256 of the folder and the relative path>}, holding the check's name and the
 * published file. It is created with {@code CREATE_NEW}, which the file system makes atomic: of two checks
 * publishing at once, exactly one becomes the owner, without any lock; the record survives restarts, and the
 * published tree itself stays exactly what the packagers made.
 */
final class PublishedPaths {
    /** Where the markers live, below {@code upgradeclient.home}. */
    static final String FOLDER = "var/upload-owners";

    private final Path root;
    private final Path markers;

    /**
     * @param home the distribution folder
     * @param root the target folder, real path
     */
    PublishedPaths(Path home, Path root) {
        this.root = root;
        this.markers = home.resolve(FOLDER);
    }

    /**
     * @param check the check about to publish
     * @param destination a path below the root
     * @return the other check that owns it, if one does
     */
    Optional<String> ownerOtherThan(String check, Path destination) throws IOException {
        return owner(marker(destination)).filter(owner -> !owner.equals(check));
    }

    /**
     * Makes the check the owner of a path nobody owns yet.
     *
     * @param check the check about to publish
     * @param destination a path below the root
     * @return the other check that owns it, when it was not this check's to take
     */
    Optional<String> claim(String check, Path destination) throws IOException {
        Path marker = marker(destination);
        Files.createDirectories(markers);
        try {
            Files.writeString(marker, check + "\n" + destination + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return Optional.empty();
        } catch (FileAlreadyExistsException owned) {
            return owner(marker).filter(owner -> !owner.equals(check));
        }
    }

    /**
     * @param target the target's name
     * @param check the check that would overwrite
     * @param taken the paths it would overwrite, each with its owner
     * @return the error: no retry changes whose the path is
     */
    PermanentException conflict(String target, String check, List<String> taken) {
        return new PermanentException("check '" + check + "' would overwrite " + String.join(", ", taken) + " in target '"
                + target + "': two checks publish the same file name there; give them different target_cache folders or "
                + "targets (to hand a file over, delete its marker in " + markers + ")");
    }

    private static Optional<String> owner(Path marker) throws IOException {
        try {
            String text = Files.readString(marker, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return Optional.of(end < 0 ? text : text.substring(0, end));
        } catch (NoSuchFileException unowned) {
            return Optional.empty();
        }
    }

    private Path marker(Path destination) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((root + "\n" + root.relativize(destination))
                    .getBytes(StandardCharsets.UTF_8));
            return markers.resolve(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
