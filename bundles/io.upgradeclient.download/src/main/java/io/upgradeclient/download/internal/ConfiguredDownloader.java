package io.upgradeclient.download.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Modified;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;

/**
 * What every downloader of this bundle shares (subclasses name {@code service = Downloader.class}: DS does not
 * take interfaces from a superclass): the bundle-wide settings of PID {@value DownloadSettings#PID},
 * applied live, combined with a check's own options at each download; and the cache entry's lock held around every
 * transfer.
 */
abstract class ConfiguredDownloader implements Downloader {
    private volatile DownloadSettings.Config config;

    /**
     * @param config the bundle-wide limits and timeouts
     */
    ConfiguredDownloader(DownloadSettings.Config config) {
        this.config = config;
    }

    @Override
    public final DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir)
            throws TransientException, PermanentException {
        return download(check, change, cacheDir, TransferProgress.NONE);
    }

    /** Holds the cache entry's lock for the whole transfer, whichever form the caller used. */
    @Override
    public final DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException {
        try (CacheLock held = CacheLock.hold(cacheDir, change)) {
            return fetch(check, change, cacheDir, progress);
        }
    }

    /**
     * Transfers the change's file into the cache, or finds it there; called with the cache entry's lock held.
     *
     * @param check the check the change came from
     * @param change the change whose file to fetch
     * @param cacheDir the cache folder
     * @param progress told of the bytes transferred
     * @return the file in the cache
     * @throws TransientException when trying again later may succeed
     * @throws PermanentException when it never will
     */
    abstract DownloadedFile fetch(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException;

    @Modified
    void modified(DownloadSettings.Config changed) {
        this.config = changed;
    }

    /**
     * @param check the check a download is for
     * @return the settings in force for it now
     * @throws PermanentException if one of the check's options is invalid
     */
    DownloadSettings settings(CheckDefinition check) throws PermanentException {
        return DownloadSettings.of(config, check);
    }
}
