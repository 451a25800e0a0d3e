package io.upgradeclient.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The one way {@link Packager}s write into the staging area, so that a reader never sees a partial file and a
 * repeated job changes nothing: content goes to a temporary name in the target's folder and is renamed atomically
 * over the target, and a target that already holds the same bytes is left alone (its modification time too, so
 * uploaders skip it). The temporary name is fixed per target, so the retry after a crash mid-write takes the
 * leftover over. Files get the default permissions (not {@code Files.createTempFile}'s owner-only ones): uploaders
 * keep permissions, and the upgrade server must be able to read what it receives.
 */
public final class StagedFiles {

    private static final int BUFFER = 64 * 1024;

    private StagedFiles() {
    }

    /**
     * Copies a file, streaming.
     *
     * @param source the file to copy
     * @param target where it goes; its folder must exist
     * @return whether the target was written (false when it already held the same bytes)
     * @throws IOException if reading or writing fails
     */
    public static boolean copy(Path source, Path target) throws IOException {
        if (sameContent(source, target)) {
            return false;
        }
        replace(target, out -> Files.copy(source, out));
        return true;
    }

    /**
     * Writes a small content.
     *
     * @param target where it goes; its folder must exist
     * @param content the bytes
     * @return whether the target was written (false when it already held the same bytes)
     * @throws IOException if reading or writing fails
     */
    public static boolean write(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == content.length
                && Arrays.equals(Files.readAllBytes(target), content)) {
            return false;
        }
        replace(target, out -> out.write(content));
        return true;
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * @param target a staged file
     * @return its temporary name while it is written: starts with a dot and does not end in {@code .bin} or
     *         {@code .dat}, so it is never mistaken for a published file; it fits in 255 bytes whenever the
     *         target's name does ({@link SafePaths#temporaryName(Path, String)})
     */
    public static String temporaryName(Path target) {
        return SafePaths.temporaryName(target, ".staging.part");
    }

    private static void replace(Path target, Content content) throws IOException {
        Path temp = target.resolveSibling(temporaryName(target));
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean sameContent(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(target) || Files.size(source) != Files.size(target)) {
            return false;
        }
        try (InputStream a = Files.newInputStream(source); InputStream b = Files.newInputStream(target)) {
            byte[] left = new byte[BUFFER];
            byte[] right = new byte[BUFFER];
            int read;
            while ((read = a.readNBytes(left, 0, left.length)) > 0) {
                if (b.readNBytes(right, 0, read) != read || !Arrays.equals(left, 0, read, right, 0, read)) {
                    return false;
                }
            }
            return true;
        }
    }
}
