package io.upgradeclient.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fetches one changed file into the local cache. Registered with {@value PluginKind#TYPE_PROPERTY} set to the
 * source type it fetches from ({@code http}, {@code svn}, {@code file}).
 *
 * <p>Contract: streams to a temporary file in {@code cacheDir} (memory does not grow with the file size),
 * checks the reply (status, length, size limit, published checksum), then renames it into place atomically, so
 * the cache never holds a partial or wrong file under its final name. Thread-safe; blocks on I/O; stops promptly
 * when the calling thread is interrupted.
 */
@ConsumerType
public interface Downloader {
    /**
     * @param check the check the change belongs to (credentials, proxy, options)
     * @param change the file to fetch
     * @param cacheDir the folder to download into; the downloader chooses a safe file name inside it
     * @return the complete, verified file with its size and SHA-256
     * @throws TransientException when the transfer can be retried (network, 5xx, timeout, short read)
     * @throws PermanentException when it cannot succeed (404, checksum mismatch, over the size limit)
     */
    DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir)
            throws TransientException, PermanentException;

    /**
     * As {@link #download(CheckDefinition, RemoteChange, Path)}, reporting the bytes received as they arrive. The
     * engine calls this one; a downloader that can tell its progress overrides it, the others inherit this
     * default, which reports nothing.
     *
     * @param progress told the bytes received so far and the expected size
     */
    default DownloadedFile download(CheckDefinition check, RemoteChange change, Path cacheDir,
            TransferProgress progress) throws TransientException, PermanentException {
        return download(check, change, cacheDir);
    }
}
