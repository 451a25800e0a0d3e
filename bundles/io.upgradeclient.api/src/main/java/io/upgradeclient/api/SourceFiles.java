package io.upgradeclient.api;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Access to other files of the source a job's file came from, through the check's own {@link Downloader},
 * credentials and cache. Offered by the engine to a {@link Packager} for the duration of one call.
 */
@ProviderType
public interface SourceFiles {
    /**
     * Fetches a file of the same source, or returns the cached copy when it is unchanged.
     *
     * @param url the file, e.g. the {@code ReleaseNote} in the folder of a firmware
     * @return the complete, verified file
     * @throws TransientException when it cannot be fetched now
     * @throws PermanentException when it does not exist or fails verification
     */
    DownloadedFile fetch(URI url) throws TransientException, PermanentException;
}
