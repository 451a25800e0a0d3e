package io.upgradeclient.core.internal.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Packager;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.SourceFiles;
import io.upgradeclient.api.StagedFiles;
import io.upgradeclient.api.TransientException;

/**
 * The default {@link Packager} ({@code copy}): publishes the downloaded file as it is, at its path below the
 * check's base URL, under {@code <staging>/<target_cache>/}, written through {@link StagedFiles}.
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
            Files.createDirectories(target.getParent());
            StagedFiles.copy(file.file(), target);
        } catch (IOException e) {
            throw new TransientException("cannot stage " + relative + " in " + root + ": " + e.getMessage(), e);
        }
        return new Artifact(check.name(), root, List.of(relative), List.of(file));
    }
}
