package io.upgradeclient.download.internal;

import org.osgi.service.component.annotations.Modified;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;

/**
 * What every downloader of this bundle shares (subclasses name {@code service = Downloader.class}: DS does not
 * take interfaces from a superclass): the bundle-wide settings of PID {@value DownloadSettings#PID},
 * applied live, combined with a check's own options at each download.
 */
abstract class ConfiguredDownloader implements Downloader {
    private volatile DownloadSettings.Config config;

    /**
     * @param config the bundle-wide limits and timeouts
     */
    ConfiguredDownloader(DownloadSettings.Config config) {
        this.config = config;
    }

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
