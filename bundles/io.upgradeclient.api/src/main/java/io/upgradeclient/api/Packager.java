package io.upgradeclient.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns one downloaded file into the files to publish, laid out below the staging area. Registered with
 * {@value PluginKind#TYPE_PROPERTY} set to the name a check gives in its {@code packager} option: {@code copy}
 * (the file as it is, the core's default) or {@code xm} (the seed's firmware layout).
 *
 * <p>Contract: idempotent — packaging the same file again leaves the staging area as after once (an existing
 * file with the same content is left alone), so the engine may repeat it after a crash. Writes through a
 * temporary name and an atomic rename. Never lets a name from the source escape {@code stagingRoot}.
 * Thread-safe; blocks on disk I/O.
 */
@ConsumerType
public interface Packager {
    /**
     * @param check the check the file belongs to; {@link CheckDefinition#targetCache()} names its sub-folder
     * @param file the downloaded file, complete and verified
     * @param source other files of the same source, for packagers that need context (a release note beside a
     *        firmware)
     * @param stagingRoot the staging area; the returned artifact's root lies below it
     * @return the files to publish; an artifact with no files means "nothing to publish" (e.g. a release note,
     *         whose content is published with its firmware)
     * @throws TransientException when the step can be retried (disk full, a companion file not reachable now)
     * @throws PermanentException when it cannot succeed for this file (malformed zip, no device id)
     */
    Artifact pack(CheckDefinition check, DownloadedFile file, SourceFiles source, Path stagingRoot)
            throws TransientException, PermanentException;
}
