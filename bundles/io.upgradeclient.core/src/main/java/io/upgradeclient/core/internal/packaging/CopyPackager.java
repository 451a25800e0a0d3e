package io.upgradeclient.core.internal.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Packager;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.SourceFiles;
import io.upgradeclient.api.TransientException;

/**
 * The default {@link Packager} ({@code copy}): publishes the downloaded file as it is, at its path below the
 * check's base URL, under {@code <staging>/<target_cache>/}.
 */
@Component(property = PluginKind.TYPE_PROPERTY + "=copy")
public final class CopyPackager implements Packager {

    @Override
    public Artifact pack(CheckDefinition check, DownloadedFile file, SourceFiles source, Path stagingRoot)
            throws TransientException, PermanentException {
        Path root = check.targetCache().isEmpty() ? stagingRoot : stagingRoot.resolve(SafePaths.segment(check.targetCache()));
        Path relative = SafePaths.relativeBelow(root, check.baseUrl(), file.change().url());
        Path target = root.resolve(relative);
        try {
            if (!sameContent(file.file(), target)) {
                Files.createDirectories(target.getParent());
                // Not Files.createTempFile: its owner-only mode would travel with rsync to the upgrade server.
                Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
                try {
                    Files.copy(file.file(), temp);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new TransientException("cannot stage " + relative + " in " + root + ": " + e.getMessage(), e);
        }
        return new Artifact(check.name(), root, List.of(relative), List.of(file));
    }

    /** An identical file already staged is left alone, so a repeated job changes nothing. */
    private static boolean sameContent(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(target) || Files.size(source) != Files.size(target)) {
            return false;
        }
        try (InputStream a = Files.newInputStream(source); InputStream b = Files.newInputStream(target)) {
            byte[] left = new byte[64 * 1024];
            byte[] right = new byte[64 * 1024];
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
