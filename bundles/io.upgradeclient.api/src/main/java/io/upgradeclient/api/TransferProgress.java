package io.upgradeclient.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives how far one transfer has come, so the engine can show a running job's progress (bytes, rate, ETA).
 * The engine implements it and hands one to each {@link Downloader} and {@link Uploader} call.
 *
 * <p>Contract: thread-safe, cheap and never blocking, so a plugin may call it after every buffer it moves; values
 * only grow within one call of a plugin (a retried transfer starts a new call).
 */
@ProviderType
public interface TransferProgress {
    /** Progress that goes nowhere: for callers that do not track it (tests, dry runs). */
    TransferProgress NONE = (done, total) -> { };

    /**
     * @param bytesDone bytes transferred so far in this call, including any already present when a transfer
     *        resumed
     * @param bytesTotal the size of the whole transfer, or {@code -1} when it is not known
     */
    void transferred(long bytesDone, long bytesTotal);
}
